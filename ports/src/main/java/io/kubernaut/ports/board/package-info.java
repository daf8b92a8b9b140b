/**
 * What people read about remediations: a {@link io.kubernaut.ports.board.RemediationRow} per
 * remediation for lists (the console's live list, the storms and blocks), and a
 * {@link io.kubernaut.ports.board.RemediationDossier} with every resource of one remediation as
 * stored, for its detail page. Read-only; presentation decides what to show.
 */
package io.kubernaut.ports.board;

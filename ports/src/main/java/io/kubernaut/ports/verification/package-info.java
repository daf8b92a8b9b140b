/**
 * Boundary records of verification: what the metrics source answered to an instant query, whether
 * the alert is still active where the alerts live, and the silences kept while remediating.
 */
package io.kubernaut.ports.verification;

/**
 * Boundary records for remediation actions: what the catalog offers ({@link
 * io.kubernaut.ports.action.ActionInfo}), what a caller asks for ({@link
 * io.kubernaut.ports.action.ActionRequest}) and what it gets back ({@link
 * io.kubernaut.ports.action.ActionOutcome}, {@link io.kubernaut.ports.action.Verification}).
 * JDK only: plugin and Kubernetes types never cross this boundary.
 */
package io.kubernaut.ports.action;

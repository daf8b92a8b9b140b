/**
 * Boundary records for remediation actions: what the catalog offers ({@link
 * io.kubernaut.ports.action.ActionInfo}), what a caller asks for ({@link
 * io.kubernaut.ports.action.ActionRequest}) and what it gets back ({@link
 * io.kubernaut.ports.action.ActionOutcome}, {@link io.kubernaut.ports.action.Verification}).
 * Each catalog entry carries what the action declares about itself: the Kubernetes access it
 * needs ({@link io.kubernaut.ports.action.AccessNeed}) and its impact ({@link
 * io.kubernaut.ports.action.ActionImpact}: {@link io.kubernaut.ports.action.DisruptionClass} and
 * {@link io.kubernaut.ports.action.ActionEffect}s), so that consumers never switch on action names.
 * JDK only: plugin and Kubernetes types never cross this boundary.
 */
package io.kubernaut.ports.action;

package io.kubernaut.ports.out;

import io.kubernaut.ports.analysis.ApprovalAnswer;

/**
 * Driven port: records a human's approval decision on an AlertRemediation waiting in
 * AwaitingApproval, as the annotations {@code kubernaut.io/approval} and
 * {@code kubernaut.io/approval-by} that a {@code kubectl annotate} would set, with the decider's
 * reason in {@code kubernaut.io/approval-reason}.
 *
 * <p>Throws {@link io.kubernaut.ports.failure.RetryableException} when the API server cannot be reached.
 */
public interface ApprovalStore {

  /**
   * Records the decision when the remediation exists and awaits approval.
   *
   * @param reason why, in the decider's words; empty when none was given
   */
  ApprovalAnswer decide(String remediation, boolean approved, String user, String reason);
}

package io.kubernaut.ports.audit;

/**
 * What an {@link AuditEvent} records. Each type has its payload keys in {@link AuditKeys} and a
 * factory in {@link AuditEvents}.
 */
public enum AuditEventType {
  /** An AlertRemediation was created: the alert, its target, labels and annotations. */
  REMEDIATION_CREATED,
  /** A custom resource of the pipeline moved from one phase to another. */
  PHASE_TRANSITION,
  /** An analysis ended with a root cause, kept recommendations and dropped recommendations. */
  ANALYSIS,
  /** An action ran (or was rolled back): its parameters, outcome and rollback data. */
  ACTION,
  /** Someone approved or rejected a remediation. */
  APPROVAL,
  /**
   * A safety rule or the kill switch stopped a remediation: the rule, why, and when a time-bound
   * rule lifts. Written by the operator only.
   */
  BLOCK,
  /** A verification check was measured after a workflow ran: the check, its result and value. */
  VERIFICATION,
  /** A notification was sent, or failed to send. */
  NOTIFICATION,
  /**
   * The remediation reached a terminal phase. Its durable presence is what the retention gate
   * waits for ({@link io.kubernaut.ports.out.AuditTrail#isFinalRecordPersisted}).
   */
  REMEDIATION_FINAL,
  /** Anything else, typically posted by an external writer. */
  OTHER
}

package io.kubernaut.ports.remediation;

/** Reasons carried by conditions and events, UpperCamelCase by convention. */
public enum ConditionReason {
  Accepted,
  /** Every place in the pipeline is taken: the remediation waits in Pending, oldest first, for one to free. */
  Queued,
  /**
   * A child could not be created just now, and not for good (HTTP 403: a quota at its limit, RBAC
   * mid-upgrade; a 404; no answer): the controller tries again with backoff.
   */
  FailedCreate,
  AwaitingProcessing,
  Processing,
  Analyzing,
  AwaitingApproval,
  /**
   * An approval annotation set before the remediation awaited approval: ignored and removed, so
   * only a decision taken while it waits is honoured.
   */
  StaleApprovalIgnored,
  Approved,
  ApprovalRejected,
  /** A KubernetesExecution that no admitted WorkflowExecution planned: refused, nothing run. */
  Rejected,
  ApprovalExpired,
  Executing,
  Remediated,
  AutoResolved,
  NotManaged,
  ManualReviewRequired,
  DryRun,
  KillSwitch,
  Cancelled,
  ParentCancelled,
  ParentTimedOut,
  ParentEnded,
  TimedOut,
  ChildFailed,
  AlertStorm,
  AuditPending,
  AuditConfirmed,
  RetentionExpired,
  InvalidTransition,
  Enriched,
  Classified,
  Routed,
  Degraded,
  Analyzed,
  NoInvestigatorAnswered,
  /** The investigators' answer would make an AIAnalysis status too large to store, even without its drops: refused. */
  AnswerTooLarge,
  Planned,
  InvalidPlan,
  Validated,
  ValidationFailed,
  ProtectedNamespace,
  ScaleLimit,
  BlastRadius,
  /** The cluster-wide disruption budget (nodes, actions per hour, remediations per namespace) has no room. */
  DisruptionBudget,
  ResourceBound,
  TargetBusy,
  Cooldown,
  RepeatedFailures,
  Oscillation,
  PermissionDenied,
  TargetMissing,
  DryRunFailed,
  StepFailed,
  RolledBack,
  RollbackRequired,
  Monitoring,
  NotRemediated,
  /** Verification could not tell whether the workflow worked: data was missing. */
  Inconclusive,
  /** The same action failed verification on the same target too often recently. */
  FailedVerifications,
  /** An Alertmanager silence holds the remediation's alert while the workflow acts. */
  Silenced,
  /** The silence could not be created (Alertmanager unreachable, slow or refusing): the alert keeps paging. */
  SilenceNotCreated,
  /** The silence was expired (or had ended on its own): the alert pages again if it still fires. */
  SilenceExpired,
  /** The silence could not be expired when it should have been: it holds until its own end. */
  SilenceNotExpired,
  ActionStarted,
  /** The action host had no thread free for the call: nothing ran, no attempt is counted, it is tried again shortly. */
  ActionNotStarted,
  ActionSucceeded,
  ActionFailed,
  Verified;

  /**
   * Whether this reason is a rule of the safety envelope (or the kill switch) denying a step before
   * anything changed: a remediation it stops ends Blocked rather than Failed.
   */
  public boolean blocks() {
    return switch (this) {
      case KillSwitch, ProtectedNamespace, ScaleLimit, BlastRadius, DisruptionBudget, ResourceBound, TargetBusy, Cooldown,
          RepeatedFailures, Oscillation, FailedVerifications -> true;
      default -> false;
    };
  }
}

package io.kubernaut.ports.audit;

/**
 * The payload keys of {@link AuditEvent}s, per {@link AuditEventType}. The database adapter
 * projects these into its typed tables; unknown keys are kept in the raw payload only.
 * Indexed keys use a 1-based position: {@code recommendation.1.action}.
 */
public final class AuditKeys {

  // REMEDIATION_CREATED
  public static final String ALERT_NAME = "alertName";
  public static final String TARGET_KIND = "targetKind";
  public static final String TARGET_NAMESPACE = "targetNamespace";
  public static final String TARGET_NAME = "targetName";
  public static final String ENVIRONMENT = "environment";
  public static final String SEVERITY = "severity";
  /** Prefix of the alert's labels: {@code label.alertname}. */
  public static final String LABEL_PREFIX = "label.";
  /** Prefix of the alert's annotations: {@code annotation.summary}. */
  public static final String ANNOTATION_PREFIX = "annotation.";

  // PHASE_TRANSITION
  /** The kind of the custom resource that changed phase, e.g. {@code AlertRemediation}. */
  public static final String RESOURCE_KIND = "resourceKind";
  public static final String RESOURCE_NAME = "resourceName";
  public static final String FROM_PHASE = "fromPhase";
  public static final String TO_PHASE = "toPhase";
  public static final String REASON = "reason";

  // ANALYSIS
  public static final String INVESTIGATOR = "investigator";
  public static final String ROOT_CAUSE = "rootCause";
  public static final String CONFIDENCE = "confidence";
  public static final String REQUIRES_APPROVAL = "requiresApproval";
  /** Prefix of the kept recommendations: {@code recommendation.1.action}, {@code .confidence}. */
  public static final String RECOMMENDATION_PREFIX = "recommendation.";
  /** Prefix of the dropped recommendations: {@code dropped.1.action}, {@code .reason}. */
  public static final String DROPPED_PREFIX = "dropped.";
  /** Whether the gates allow recommending only, nothing may run. */
  public static final String RECOMMEND_ONLY = "recommendOnly";
  /** The gates' verdict as a sentence. */
  public static final String GATE = "gate";
  /** Prefix of the investigators tried before, with why they did not answer: {@code fallback.1}. */
  public static final String FALLBACK_PREFIX = "fallback.";

  // ACTION
  public static final String STEP = "step";
  public static final String ACTION_TYPE = "actionType";
  /** {@code Succeeded}, {@code Failed}, {@code RolledBack}, {@code TimedOut} or {@code DryRun}. */
  public static final String OUTCOME = "outcome";
  public static final String MESSAGE = "message";
  public static final String DURATION_MS = "durationMs";
  /** Prefix of the action's parameters: {@code param.replicas}. */
  public static final String PARAM_PREFIX = "param.";
  /** Prefix of the data needed to roll the action back: {@code rollback.previousReplicas}. */
  public static final String ROLLBACK_PREFIX = "rollback.";
  /**
   * Prefix of what the action reported, redacted ({@code detail.logs.app} of
   * {@code collect_diagnostics}); kept here and not in the KubernetesExecution's status.
   */
  public static final String DETAIL_PREFIX = "detail.";

  // APPROVAL
  /** {@code Approved}, {@code Rejected} or {@code Expired}. */
  public static final String DECISION = "decision";
  public static final String DECIDER = "decider";
  /** How the decision was given: {@code api} or {@code kubectl}. */
  public static final String VIA = "via";

  // BLOCK
  /** The safety rule that stopped the remediation, a condition reason such as {@code Cooldown}. */
  public static final String RULE = "rule";
  /** When a time-bound rule lifts (ISO-8601); absent when nothing but a person lifts it. */
  public static final String UNTIL = "until";
  /** Who created a refused object: the field manager the API server recorded for its creation, else "unknown". */
  public static final String CREATED_BY = "createdBy";

  // NOTIFICATION
  public static final String NOTIFICATION_TYPE = "notificationType";
  public static final String CHANNEL = "channel";
  /** {@code Sent} or {@code Failed}. */
  public static final String DELIVERY = "delivery";

  // REMEDIATION_FINAL: PHASE (terminal phase), OUTCOME, REASON
  public static final String PHASE = "phase";

  /** The action outcome that counts as a success in effectiveness figures. */
  public static final String SUCCEEDED = "Succeeded";
  /** The action outcome that did not touch the cluster and counts in no figure. */
  public static final String DRY_RUN = "DryRun";

  private AuditKeys() {}
}

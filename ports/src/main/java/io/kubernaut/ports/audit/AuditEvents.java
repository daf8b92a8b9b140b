package io.kubernaut.ports.audit;

import static io.kubernaut.ports.audit.AuditKeys.*;

import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Factories for the audit events of one remediation, with deterministic idempotency keys built
 * from facts that custom-resource status keeps (names, phases, step numbers, transition times).
 * Re-deriving an event from status after an outage therefore yields the same key, and the store
 * keeps exactly one copy.
 *
 * @param remediationId the AlertRemediation name
 * @param fingerprint its fingerprint
 * @param target the target, whose namespace becomes the event's namespace
 */
public record AuditEvents(String remediationId, Fingerprint fingerprint, TargetRef target) {

  /** A recommendation the analysis kept, in rank order. */
  public record Ranked(String action, double confidence) {}

  /** A recommendation the analysis dropped, and why (safety policy, confidence gate, ...). */
  public record Dropped(String action, String reason) {}

  /** The remediation was created for this alert. Key {@code <id>/created}. */
  public AuditEvent created(Instant at, String alertName, String environment, String severity,
      Map<String, String> labels, Map<String, String> annotations) {
    Map<String, String> p = targetPayload(target);
    p.put(ALERT_NAME, alertName);
    p.put(ENVIRONMENT, environment);
    p.put(SEVERITY, severity);
    labels.forEach((k, v) -> p.put(LABEL_PREFIX + k, v));
    annotations.forEach((k, v) -> p.put(ANNOTATION_PREFIX + k, v));
    return event("created", AuditEventType.REMEDIATION_CREATED, at, p);
  }

  /**
   * A resource entered a phase. Key {@code <id>/phase/<resource>/<to>}: every Kubernaut kind
   * enters each phase at most once, so a replayed or re-derived transition is the same event.
   */
  public AuditEvent phaseTransition(Instant at, String resourceKind, String resourceName,
      String fromPhase, String toPhase, String reason) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(RESOURCE_KIND, resourceKind);
    p.put(RESOURCE_NAME, resourceName);
    p.put(FROM_PHASE, fromPhase == null ? "" : fromPhase);
    p.put(TO_PHASE, toPhase);
    putIfPresent(p, REASON, reason);
    return event(phaseSuffix(resourceName, toPhase), AuditEventType.PHASE_TRANSITION, at, p);
  }

  /** The idempotency key of the remediation {@code remediationId}'s event for {@code resourceName} entering {@code toPhase}. */
  public static String phaseTransitionKey(String remediationId, String resourceName, String toPhase) {
    return remediationId + "/" + phaseSuffix(resourceName, toPhase);
  }

  private static String phaseSuffix(String resourceName, String toPhase) {
    return "phase/" + resourceName + "/" + toPhase;
  }

  /** An analysis ended. Key {@code <id>/analysis/<analysisName>}. */
  public AuditEvent analysis(Instant at, String analysisName, String investigator, String rootCause,
      double confidence, boolean requiresApproval, List<Ranked> kept, List<Dropped> dropped) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(RESOURCE_NAME, analysisName);
    p.put(INVESTIGATOR, investigator);
    putIfPresent(p, ROOT_CAUSE, rootCause);
    p.put(CONFIDENCE, Double.toString(confidence));
    p.put(REQUIRES_APPROVAL, Boolean.toString(requiresApproval));
    for (int i = 0; i < kept.size(); i++) {
      p.put(RECOMMENDATION_PREFIX + (i + 1) + ".action", kept.get(i).action());
      p.put(RECOMMENDATION_PREFIX + (i + 1) + ".confidence", Double.toString(kept.get(i).confidence()));
    }
    for (int i = 0; i < dropped.size(); i++) {
      p.put(DROPPED_PREFIX + (i + 1) + ".action", dropped.get(i).action());
      p.put(DROPPED_PREFIX + (i + 1) + ".reason", dropped.get(i).reason());
    }
    return event("analysis/" + analysisName, AuditEventType.ANALYSIS, at, p);
  }

  /**
   * An analysis ended, with the gate decision and the investigators that fell through. Key
   * {@code <id>/analysis/<analysisName>}, as {@link #analysis(Instant, String, String, String, double,
   * boolean, List, List)}.
   */
  public AuditEvent analysis(Instant at, String analysisName, String investigator, String rootCause,
      double confidence, boolean requiresApproval, boolean recommendOnly, String gate, List<Ranked> kept,
      List<Dropped> dropped, List<String> fallbacks) {
    AuditEvent base = analysis(at, analysisName, investigator, rootCause, confidence, requiresApproval, kept, dropped);
    Map<String, String> p = new LinkedHashMap<>(base.payload());
    p.put(RECOMMEND_ONLY, Boolean.toString(recommendOnly));
    putIfPresent(p, GATE, gate);
    for (int i = 0; i < fallbacks.size(); i++) {
      p.put(FALLBACK_PREFIX + (i + 1), fallbacks.get(i));
    }
    return event("analysis/" + analysisName, AuditEventType.ANALYSIS, at, p);
  }

  /** A workflow step's action ended. Key {@code <id>/action/<step>/<outcome>}. */
  public AuditEvent action(Instant at, int step, String actionType, TargetRef actionTarget,
      String outcome, String message, long durationMs, Map<String, String> parameters,
      Map<String, String> rollback) {
    return action(at, step, actionType, actionTarget, outcome, message, durationMs, parameters, rollback, Map.of());
  }

  /**
   * A workflow step's action ended, with what the action reported (already redacted), each under
   * {@link AuditKeys#DETAIL_PREFIX}. Key {@code <id>/action/<step>/<outcome>}.
   */
  public AuditEvent action(Instant at, int step, String actionType, TargetRef actionTarget,
      String outcome, String message, long durationMs, Map<String, String> parameters,
      Map<String, String> rollback, Map<String, String> details) {
    return action(at, step, actionType, actionTarget, outcome, outcome, message, durationMs, parameters, rollback,
        details);
  }

  /**
   * A workflow step's action ended, keyed {@code <id>/action/<step>/<keyOutcome>} (the attempt's own
   * words, which keep every attempt its own record) and recorded with {@code outcome} in the
   * history's words ({@link ActionOutcomes}).
   */
  public AuditEvent action(Instant at, int step, String actionType, TargetRef actionTarget, String keyOutcome,
      String outcome, String message, long durationMs, Map<String, String> parameters,
      Map<String, String> rollback, Map<String, String> details) {
    Map<String, String> p = targetPayload(actionTarget);
    p.put(STEP, Integer.toString(step));
    p.put(ACTION_TYPE, actionType);
    p.put(OUTCOME, outcome);
    putIfPresent(p, MESSAGE, message);
    p.put(DURATION_MS, Long.toString(durationMs));
    parameters.forEach((k, v) -> p.put(PARAM_PREFIX + k, v));
    rollback.forEach((k, v) -> p.put(ROLLBACK_PREFIX + k, v));
    details.forEach((k, v) -> p.put(DETAIL_PREFIX + k, v));
    return event("action/" + step + "/" + keyOutcome, AuditEventType.ACTION, at, p);
  }

  /** An approval was decided (or expired). Key {@code <id>/approval}. */
  public AuditEvent approval(Instant at, String decision, String decider, String reason) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(DECISION, decision);
    p.put(DECIDER, decider);
    putIfPresent(p, REASON, reason);
    return event("approval", AuditEventType.APPROVAL, at, p);
  }

  /**
   * An approval was decided, with the channel it came through ({@code api} or {@code kubectl}).
   * Key {@code <id>/approval}.
   */
  public AuditEvent approval(Instant at, String decision, String decider, String via, String reason) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(DECISION, decision);
    p.put(DECIDER, decider);
    p.put(VIA, via);
    putIfPresent(p, REASON, reason);
    return event("approval", AuditEventType.APPROVAL, at, p);
  }

  /**
   * The rollback after a failed verification was approved, rejected or left unanswered (decision
   * {@code Expired}). Key {@code <id>/rollback-approval}, apart from the remediation's own approval.
   */
  public AuditEvent rollbackApproval(Instant at, String decision, String decider, String via) {
    return rollbackApproval(at, decision, decider, via, null);
  }

  /**
   * The rollback after a failed verification was approved or rejected, with the decider's
   * {@code reason} (omitted when empty). Key {@code <id>/rollback-approval}.
   */
  public AuditEvent rollbackApproval(Instant at, String decision, String decider, String via, String reason) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(DECISION, decision);
    p.put(DECIDER, decider);
    p.put(VIA, via);
    putIfPresent(p, REASON, reason);
    return event("rollback-approval", AuditEventType.APPROVAL, at, p);
  }

  /**
   * A safety rule or the kill switch stopped the remediation. Key {@code <id>/block}: a
   * remediation is blocked at most once.
   */
  public AuditEvent block(Instant at, String rule, String message, Instant until) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(RULE, rule);
    putIfPresent(p, MESSAGE, message);
    putIfPresent(p, UNTIL, until == null ? null : until.toString());
    return event("block", AuditEventType.BLOCK, at, p);
  }

  /**
   * The operator refused to run one of the remediation's objects: made or altered by hand, aimed at
   * a protected or unmanaged namespace, stopped by the kill switch or the disruption budget. Key
   * {@code <id>/refusal/<kind>/<name>}: one per object, whatever reconciles it again.
   */
  public AuditEvent refusal(Instant at, String resourceKind, String resourceName, String rule, String message,
      String createdBy) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(RESOURCE_KIND, resourceKind);
    p.put(RESOURCE_NAME, resourceName);
    p.put(RULE, rule);
    putIfPresent(p, MESSAGE, message);
    p.put(CREATED_BY, createdBy == null || createdBy.isBlank() ? "unknown" : createdBy);
    return event("refusal/" + resourceKind + "/" + resourceName, AuditEventType.BLOCK, at, p);
  }

  /**
   * One measurement of a verification check. Key {@code <id>/verification/<check>/<epoch millis>}:
   * each measurement is one event, and recording it again stores it once.
   */
  public AuditEvent verification(Instant at, String check, String result, Double value, String detail) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("check", check);
    p.put("result", result);
    putIfPresent(p, "value", value == null ? null : value.toString());
    putIfPresent(p, MESSAGE, detail);
    return event("verification/" + check + "/" + at.toEpochMilli(), AuditEventType.VERIFICATION, at, p);
  }

  /**
   * The silence of the remediation's alert changed state ({@code Silenced}, {@code SilenceNotCreated},
   * {@code SilenceExpired}, {@code SilenceNotExpired}). Key {@code <id>/silence/<state>/<epoch millis>}.
   */
  public AuditEvent silence(Instant at, String state, String message) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(REASON, state);
    putIfPresent(p, MESSAGE, message);
    return event("silence/" + state + "/" + at.toEpochMilli(), AuditEventType.OTHER, at, p);
  }

  /** A notification went out. Key {@code <id>/notification/<type>/<channel>}. */
  public AuditEvent notification(Instant at, String notificationType, String channel, String delivery) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(NOTIFICATION_TYPE, notificationType);
    p.put(CHANNEL, channel);
    p.put(DELIVERY, delivery);
    return event("notification/" + notificationType + "/" + channel, AuditEventType.NOTIFICATION, at, p);
  }

  /** The remediation ended. Key {@code <id>/final}; the retention gate waits for it. */
  public AuditEvent finalRecord(Instant at, String terminalPhase, String outcome, String reason) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(PHASE, terminalPhase);
    putIfPresent(p, OUTCOME, outcome);
    putIfPresent(p, REASON, reason);
    return event("final", AuditEventType.REMEDIATION_FINAL, at, p);
  }

  private AuditEvent event(String keySuffix, AuditEventType type, Instant at, Map<String, String> p) {
    return new AuditEvent(remediationId + "/" + keySuffix, remediationId, fingerprint,
        target.namespace(), type, at, p);
  }

  private static Map<String, String> targetPayload(TargetRef t) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(TARGET_KIND, t.kind());
    p.put(TARGET_NAMESPACE, t.namespace());
    p.put(TARGET_NAME, t.name());
    return p;
  }

  private static void putIfPresent(Map<String, String> p, String key, String value) {
    if (value != null && !value.isEmpty()) {
      p.put(key, value);
    }
  }
}

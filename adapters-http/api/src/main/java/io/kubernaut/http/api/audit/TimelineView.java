package io.kubernaut.http.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubernaut.ports.audit.AuditKeys;
import io.kubernaut.ports.audit.StoredAuditEvent;
import io.kubernaut.ports.audit.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer of {@code GET /api/v1/remediations/{name}/timeline}: the remediation, then its phases,
 * actions and decisions (analyses, approvals, the end), each in the order they happened, and every
 * event as stored.
 */
record TimelineView(Views.RemediationView remediation, List<PhaseView> phases, List<ActionView> actions,
    List<DecisionView> decisions, List<Views.EventView> events, boolean truncated) {

  /** A resource of the remediation entered a phase. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record PhaseView(Instant at, String resourceKind, String resourceName, String from, String to, String reason) {}

  /** A workflow step's action ended. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record ActionView(Instant at, String step, String actionType, Views.TargetView target, String outcome,
      String message, String durationMs, Map<String, String> parameters, Map<String, String> rollback) {}

  /** An analysis, an approval decision or the end of the remediation, with its details. */
  record DecisionView(Instant at, String kind, Map<String, String> details) {}

  static TimelineView of(Timeline t) {
    List<PhaseView> phases = new ArrayList<>();
    List<ActionView> actions = new ArrayList<>();
    List<DecisionView> decisions = new ArrayList<>();
    for (StoredAuditEvent stored : t.events()) {
      var e = stored.event();
      Map<String, String> p = e.payload();
      switch (e.type()) {
        case PHASE_TRANSITION -> phases.add(new PhaseView(e.occurredAt(), p.get(AuditKeys.RESOURCE_KIND),
            p.get(AuditKeys.RESOURCE_NAME), p.get(AuditKeys.FROM_PHASE), p.get(AuditKeys.TO_PHASE),
            p.get(AuditKeys.REASON)));
        case ACTION -> actions.add(new ActionView(e.occurredAt(), p.get(AuditKeys.STEP), p.get(AuditKeys.ACTION_TYPE),
            new Views.TargetView(p.getOrDefault(AuditKeys.TARGET_KIND, ""), p.getOrDefault(AuditKeys.TARGET_NAMESPACE, ""),
                p.getOrDefault(AuditKeys.TARGET_NAME, "")),
            p.get(AuditKeys.OUTCOME), p.get(AuditKeys.MESSAGE), p.get(AuditKeys.DURATION_MS),
            prefixed(p, AuditKeys.PARAM_PREFIX), prefixed(p, AuditKeys.ROLLBACK_PREFIX)));
        case ANALYSIS -> decisions.add(new DecisionView(e.occurredAt(), "analysis", new TreeMap<>(p)));
        case APPROVAL -> decisions.add(new DecisionView(e.occurredAt(), "approval", new TreeMap<>(p)));
        case BLOCK -> decisions.add(new DecisionView(e.occurredAt(), "block", new TreeMap<>(p)));
        case REMEDIATION_FINAL -> decisions.add(new DecisionView(e.occurredAt(), "final", new TreeMap<>(p)));
        default -> { }
      }
    }
    return new TimelineView(Views.RemediationView.of(t.remediation()), phases, actions, decisions,
        t.events().stream().map(Views.EventView::of).toList(), t.truncated());
  }

  private static Map<String, String> prefixed(Map<String, String> payload, String prefix) {
    Map<String, String> out = new TreeMap<>();
    payload.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }
}

package io.kubernaut.core.analysis;

import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.analysis.AnalysisGates;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.remediation.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The gates, in order: nothing valid, an alert of severity {@code info} (or {@code none}), or an
 * overall confidence below {@code minConfidence} means recommend-only. Approval is then required
 * for node-disruptive actions (disruption class NODE) unless {@code autoApproveNodeActions} names
 * the environment; for actions that do not answer the alert's family; and, in production, for any
 * high-risk action or a confidence below {@code productionApprovalConfidence}. A node action on a
 * node other than the alert's own target is judged as production: the alert's environment is its
 * pod's namespace's, and the node may host any environment's pods.
 */
final class AnalysisGate {

  /** Severities whose alerts are recommend-only. */
  static final Set<String> RECOMMEND_ONLY_SEVERITIES = Set.of("info", "none");

  /** The gates' verdict. */
  record Verdict(double confidence, boolean approvalRequired, boolean recommendOnly, String reason) {}

  private AnalysisGate() {}

  /**
   * The overall confidence is the investigator's, capped by the weakest surviving recommendation that changes something
   * (all of them become steps of one workflow, so each must clear the gates on its own: one confident harmless step
   * must not carry a doubtful change past them); with none that changes anything, by the best one's.
   */
  static Verdict apply(double investigatorConfidence, List<Recommendation> kept, InvestigationRequest request,
      AnalysisGates gates, ActionCatalog catalog) {
    if (kept.isEmpty()) {
      return new Verdict(0, false, true, "No recommendation passed validation, so a human must review the alert.");
    }
    double weakestChange = kept.stream().filter(r -> !AlertFamily.NEUTRAL.contains(r.action()))
        .mapToDouble(Recommendation::confidence).min()
        .orElseGet(() -> kept.stream().mapToDouble(Recommendation::confidence).max().orElse(0));
    double confidence = Math.round(Math.min(investigatorConfidence, weakestChange) * 1000) / 1000.0;
    String severity = request.severity().trim().toLowerCase(Locale.ROOT);
    if (RECOMMEND_ONLY_SEVERITIES.contains(severity)) {
      return new Verdict(confidence, false, true, "Alert " + request.alertName() + " has severity " + severity
          + ", and such alerts are recommend-only: nothing runs and a human reviews the recommendations.");
    }
    if (confidence < gates.minConfidence()) {
      return new Verdict(confidence, false, true, "Confidence " + confidence + " is below " + gates.minConfidence()
          + ", so nothing runs and a human reviews the recommendations.");
    }
    Environment environment = request.environment();
    List<String> approvals = new ArrayList<>();
    List<Recommendation> nodeActions = kept.stream()
        .filter(r -> catalog.impactOf(r.action(), r.target().kind()).disruption() == DisruptionClass.NODE).toList();
    List<String> node = nodeActions.stream().map(r -> r.action() + " on " + r.target().display()).toList();
    // The alert's environment is its own target's (a Node alert's: the node's labels); a node action on another node
    // (the host of an alerting pod) may disrupt any environment's pods on it.
    boolean otherNode = nodeActions.stream().anyMatch(r -> !r.target().equals(request.target()));
    Environment nodeEnvironment = otherNode ? Environment.PRODUCTION : environment;
    if (!node.isEmpty() && !gates.autoApproveNodeActions().contains(nodeEnvironment.wireName())) {
      approvals.add("Node-disruptive action " + String.join(", ", node) + " needs approval in "
          + nodeEnvironment.wireName() + (otherNode ? " (the node is not the alert's target, so it is judged as "
          + "production: it may host pods of any environment)" : "") + " (gates.yaml autoApproveNodeActions does not "
          + "list it).");
    }
    AlertFamily family = AlertFamily.of(new ClusterFacts(request), request.target().kind());
    if (family != AlertFamily.UNKNOWN) {
      List<String> foreign = kept.stream().map(Recommendation::action).filter(a -> !family.answeredBy(a)).distinct()
          .toList();
      if (!foreign.isEmpty()) {
        approvals.add("Action " + String.join(", ", foreign) + " does not answer the alert's family "
            + family.name().toLowerCase(Locale.ROOT) + ", so a human must approve it.");
      }
    }
    if (environment == Environment.PRODUCTION) {
      List<String> high = kept.stream().filter(r -> "HIGH".equals(r.risk())).map(Recommendation::action).toList();
      if (!high.isEmpty()) {
        approvals.add("High-risk action " + String.join(", ", high) + " in production needs approval.");
      } else if (confidence < gates.productionApprovalConfidence()) {
        approvals.add("Confidence " + confidence + " is below " + gates.productionApprovalConfidence()
            + " in production, so a human must approve.");
      }
    }
    if (!approvals.isEmpty()) {
      return new Verdict(confidence, true, false, String.join(" ", approvals));
    }
    return new Verdict(confidence, false, false, "Confidence " + confidence + " passes the gates in "
        + environment.wireName() + "; no approval is needed.");
  }
}

package io.kubernaut.ports.analysis;

import java.util.Set;

/**
 * The thresholds of the analysis gates, from {@code gates.yaml} in {@code kubernaut-config}.
 *
 * @param minConfidence below it the analysis is recommend-only: nothing runs, humans review
 * @param productionApprovalConfidence below it a production remediation needs approval
 * @param autoApproveNodeActions environment wire names (e.g. {@code staging}) where node-disruptive
 *     actions (disruption class NODE: cordon, drain, taint) run without approval; everywhere else
 *     they need approval
 */
public record AnalysisGates(double minConfidence, double productionApprovalConfidence,
    Set<String> autoApproveNodeActions) {
  public AnalysisGates {
    autoApproveNodeActions = Set.copyOf(autoApproveNodeActions == null ? Set.of() : autoApproveNodeActions);
    if (minConfidence < 0 || minConfidence > 1 || productionApprovalConfidence < 0 || productionApprovalConfidence > 1) {
      throw new IllegalArgumentException("Gate thresholds must lie between 0 and 1, got minConfidence "
          + minConfidence + " and productionApprovalConfidence " + productionApprovalConfidence + ".");
    }
  }

  /** Thresholds only: node-disruptive actions need approval in every environment. */
  public AnalysisGates(double minConfidence, double productionApprovalConfidence) {
    this(minConfidence, productionApprovalConfidence, Set.of());
  }

  /** The SPEC defaults: 0.7 and 0.8; node-disruptive actions need approval everywhere. */
  public static AnalysisGates defaults() {
    return new AnalysisGates(0.7, 0.8);
  }
}

package io.kubernaut.ports.analysis;

/**
 * The thresholds of the analysis gates, from {@code gates.yaml} in {@code kubernaut-config}.
 *
 * @param minConfidence below it the analysis is recommend-only: nothing runs, humans review
 * @param productionApprovalConfidence below it a production remediation needs approval
 */
public record AnalysisGates(double minConfidence, double productionApprovalConfidence) {
  public AnalysisGates {
    if (minConfidence < 0 || minConfidence > 1 || productionApprovalConfidence < 0 || productionApprovalConfidence > 1) {
      throw new IllegalArgumentException("Gate thresholds must lie between 0 and 1, got minConfidence "
          + minConfidence + " and productionApprovalConfidence " + productionApprovalConfidence + ".");
    }
  }

  /** The SPEC defaults: 0.7 and 0.8. */
  public static AnalysisGates defaults() {
    return new AnalysisGates(0.7, 0.8);
  }
}

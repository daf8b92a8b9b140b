package io.kubernaut.ports.pipeline;

/**
 * The gates' verdict on a completed analysis.
 *
 * @param confidence the overall confidence, 0..1
 * @param approvalRequired whether a human must approve before execution
 * @param recommendOnly whether the confidence is too low to execute at all
 * @param recommendations how many valid recommendations survived validation
 */
public record AnalysisVerdict(double confidence, boolean approvalRequired, boolean recommendOnly, int recommendations) {}

package io.kubernaut.ports.in;

import io.kubernaut.ports.analysis.AnalysisGates;
import io.kubernaut.ports.analysis.AnalysisResult;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.analysis.Recommendation;

/**
 * Use case: runs the investigator chain in its configured order (the first valid answer wins;
 * errors and timeouts fall through), validates every recommendation against the action catalog
 * and the alert's scope, re-ranks them by history, and applies the confidence and approval gates.
 */
public interface AnalyzeAlert {

  /** Investigates, validates and gates. Never throws for an investigator failure. */
  AnalysisResult analyze(InvestigationRequest request, AnalysisGates gates);

  /**
   * Whether {@link #analyze} may call a service outside the process (an LLM, HolmesGPT) and so take
   * up to its investigators' timeouts: a caller on shared threads then runs it on threads of its own.
   * False when only in-process investigators (the rule engine) are configured.
   */
  default boolean callsOut() {
    return false;
  }

  /** Validates and gates one proposed action without investigating (the safety check). */
  AnalysisResult assess(InvestigationRequest request, Recommendation proposed, AnalysisGates gates);
}

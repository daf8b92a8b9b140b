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

  /** Validates and gates one proposed action without investigating (the safety check). */
  AnalysisResult assess(InvestigationRequest request, Recommendation proposed, AnalysisGates gates);
}

package io.kubernaut.core.analysis;

import io.kubernaut.ports.analysis.AnalysisGates;
import io.kubernaut.ports.analysis.AnalysisResult;
import io.kubernaut.ports.analysis.DroppedAction;
import io.kubernaut.ports.analysis.Investigation;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.in.AnalyzeAlert;
import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.Investigator;
import io.kubernaut.ports.out.RemediationHistory;
import java.util.ArrayList;
import java.util.List;

/**
 * The investigator chain, in configured order: the first answer with at least one valid
 * recommendation wins; errors, timeouts, garbage and answers whose every recommendation fails
 * validation fall through to the next investigator and are recorded as fallbacks. Requests to
 * external investigators are redacted first. Valid answers are re-ranked by history and gated.
 */
public final class InvestigatorChain implements AnalyzeAlert {

  /** The investigator name in a result when no investigator answered at all. */
  public static final String NOBODY = "none";

  private final List<Investigator> investigators;
  private final RecommendationValidator validator;
  private final HistoryRanker ranker;
  private final RequestRedaction redaction;
  private final ActionCatalog catalog;

  public InvestigatorChain(List<Investigator> investigators, ActionCatalog catalog, RemediationHistory history,
      RedactSecrets redactor) {
    this.investigators = List.copyOf(investigators);
    this.validator = new RecommendationValidator(catalog);
    this.ranker = new HistoryRanker(history);
    this.redaction = new RequestRedaction(redactor);
    this.catalog = catalog;
  }

  /** The investigator names, in order. */
  public List<String> names() {
    return investigators.stream().map(Investigator::name).toList();
  }

  /** Whether an investigator of the chain is external (called over the network). */
  @Override
  public boolean callsOut() {
    return investigators.stream().anyMatch(Investigator::external);
  }

  @Override
  public AnalysisResult analyze(InvestigationRequest request, AnalysisGates gates) {
    List<DroppedAction> dropped = new ArrayList<>();
    List<String> fallbacks = new ArrayList<>();
    String lastName = NOBODY;
    Investigation last = null;
    for (Investigator investigator : investigators) {
      Investigation answer;
      try {
        answer = investigator.investigate(investigator.external() ? redaction.redact(request) : request);
      } catch (RuntimeException e) {
        fallbacks.add(investigator.name() + ": " + reason(e));
        continue;
      }
      if (answer == null) {
        fallbacks.add(investigator.name() + ": it returned no answer.");
        continue;
      }
      RecommendationValidator.Validation v = validator.validate(investigator.name(), answer.recommendations(), request);
      dropped.addAll(v.dropped());
      if (v.kept().isEmpty()) {
        fallbacks.add(investigator.name() + ": none of its " + answer.recommendations().size()
            + " recommendations passed validation.");
        lastName = investigator.name();
        last = answer;
        continue;
      }
      return result(investigator.name(), answer, ranker.rerank(request.alertName(), v.kept()), dropped, fallbacks,
          request, gates);
    }
    if (last != null) {
      return result(lastName, last, List.of(), dropped, fallbacks, request, gates);
    }
    return new AnalysisResult(NOBODY, "", List.of(), List.of(), dropped, fallbacks, 0, false, true,
        "No investigator answered, so a human must review the alert.");
  }

  @Override
  public AnalysisResult assess(InvestigationRequest request, Recommendation proposed, AnalysisGates gates) {
    RecommendationValidator.Validation v = validator.validate("safety-policy", List.of(proposed), request);
    List<Recommendation> kept = ranker.rerank(request.alertName(), v.kept());
    Investigation stated = new Investigation(proposed.rationale(), List.of(), List.of(proposed), proposed.confidence());
    return result("safety-policy", stated, kept, v.dropped(), List.of(), request, gates);
  }

  private AnalysisResult result(String investigator, Investigation answer, List<Recommendation> kept,
      List<DroppedAction> dropped, List<String> fallbacks, InvestigationRequest request, AnalysisGates gates) {
    AnalysisGate.Verdict verdict = AnalysisGate.apply(answer.confidence(), kept, request, gates, catalog);
    return new AnalysisResult(investigator, answer.rootCause(), answer.evidence(), kept, dropped, fallbacks,
        verdict.confidence(), verdict.approvalRequired(), verdict.recommendOnly(), verdict.reason());
  }

  private static String reason(RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.length() > 300 ? message.substring(0, 300) + "…" : message;
  }
}

package io.kubernaut.core.lifecycle;

import io.kubernaut.core.verification.CheckSelector;
import io.kubernaut.core.verification.QueryFiller;
import io.kubernaut.core.verification.VerificationJudge;
import io.kubernaut.core.verification.VerificationJudge.AlertSignal;
import io.kubernaut.core.verification.VerificationJudge.Judgement;
import io.kubernaut.ports.verification.QueryAnswer;
import io.kubernaut.ports.verification.VerificationCheck;
import io.kubernaut.ports.workflow.Verification;
import io.kubernaut.ports.workflow.WorkflowSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Monitoring with verification checks for the {@link WorkflowMonitor}: selects the alert's checks,
 * fills their queries from the target, and asks the {@link VerificationJudge}. A check whose query
 * cannot be filled is measured as missing data with the reason, never run unfilled.
 */
final class WorkflowVerifier {

  private final CheckSelector selector = new CheckSelector();
  private final QueryFiller filler = new QueryFiller();
  private final VerificationJudge judge = new VerificationJudge();

  /** The checks in force, filled; empty when the workflow is judged as without verification. */
  List<Filled> checks(WorkflowSnapshot s) {
    Verification v = s.verification();
    if (v == null || !v.metricsConfigured()) {
      return List.of();
    }
    List<VerificationCheck> checks = selector.checksFor(v.policy(), v.alertName());
    Map<String, String> values = selector.placeholders(v.target(), v.labels());
    List<Filled> filled = new ArrayList<>();
    for (VerificationCheck c : checks) {
      QueryFiller.Filled f = filler.fill(c.query(), values);
      filled.add(new Filled(f.ok() ? c.withQuery(f.query()) : c, f.problem()));
    }
    return filled;
  }

  /** A check with its query filled, or the reason it could not be. */
  record Filled(VerificationCheck check, String problem) {}

  /** The judgement before anything was measured in this reconcile: what is due. */
  Judgement before(WorkflowSnapshot s, List<Filled> checks) {
    return judge.judge(plain(checks), s.verification().history(), Map.of(), new AlertSignal(false, null),
        started(s), s.monitoringWindow(), s.now());
  }

  /** The checks to measure now: the due ones whose queries could be filled. */
  List<VerificationCheck> toMeasure(Judgement before, List<Filled> checks) {
    return before.due().stream().filter(c -> problem(checks, c).isEmpty()).toList();
  }

  /** The judgement with what was measured and seen in this reconcile. */
  Judgement after(WorkflowSnapshot s, List<Filled> checks) {
    Judgement before = before(s, checks);
    Map<String, QueryAnswer> answers = new HashMap<>(s.verification().answers());
    for (VerificationCheck c : before.due()) {
      problem(checks, c).ifPresent(p -> answers.putIfAbsent(c.name(), QueryAnswer.failed("the query was not run: " + p
          + ".")));
    }
    boolean resolved = s.health() != null && s.health().alertResolved();
    return judge.judge(plain(checks), s.verification().history(), answers,
        new AlertSignal(resolved, s.verification().activity()), started(s), s.monitoringWindow(), s.now());
  }

  private static Optional<String> problem(List<Filled> checks, VerificationCheck c) {
    return checks.stream().filter(f -> f.check().name().equals(c.name())).findFirst()
        .map(Filled::problem);
  }

  private static List<VerificationCheck> plain(List<Filled> checks) {
    return checks.stream().map(Filled::check).toList();
  }

  private static java.time.Instant started(WorkflowSnapshot s) {
    return s.phaseEnteredAt() == null ? s.now() : s.phaseEnteredAt();
  }
}

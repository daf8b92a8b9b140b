package io.kubernaut.core.analysis;

import static io.kubernaut.core.analysis.Alerts.WEB;
import static io.kubernaut.core.analysis.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.core.fakes.InMemoryActionCatalog;
import io.kubernaut.core.notification.SecretRedactor;
import io.kubernaut.ports.analysis.AnalysisGates;
import io.kubernaut.ports.analysis.AnalysisResult;
import io.kubernaut.ports.analysis.DropRule;
import io.kubernaut.ports.analysis.DroppedAction;
import io.kubernaut.ports.analysis.Investigation;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.history.SuccessRate;
import io.kubernaut.ports.out.Investigator;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.signal.TargetRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class InvestigatorChainTest {

  private static final AnalysisGates GATES = AnalysisGates.defaults();
  private final InMemoryActionCatalog catalog = new InMemoryActionCatalog();
  private final InvestigationRequest crashLoop = alert("KubePodCrashLooping")
      .pod("web-abc", false, 9, "CrashLoopBackOff", "Error").build();

  /** An investigator answering with a function of the request, recording what it was sent. */
  static final class Scripted implements Investigator {
    final String name;
    final Function<InvestigationRequest, Investigation> answer;
    final List<InvestigationRequest> seen = new ArrayList<>();

    Scripted(String name, Function<InvestigationRequest, Investigation> answer) {
      this.name = name;
      this.answer = answer;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Investigation investigate(InvestigationRequest request) {
      seen.add(request);
      return answer.apply(request);
    }
  }

  private static Recommendation rec(String id, String action, TargetRef target, Map<String, String> params,
      double confidence, String risk, String... dependsOn) {
    return new Recommendation(id, action, target, params, confidence, risk, "because", List.of(dependsOn));
  }

  private static Investigation answer(double confidence, Recommendation... recs) {
    return new Investigation("cause", List.of("fact"), List.of(recs), confidence);
  }

  private InvestigatorChain chain(Investigator... investigators) {
    List<Investigator> list = new ArrayList<>(List.of(investigators));
    list.add(new RuleInvestigator());
    return new InvestigatorChain(list, catalog, null, new SecretRedactor());
  }

  @Test
  void aChainCallsOutWhenAnyOfItsInvestigatorsIsExternalAndNotWithTheRulesAlone() {
    assertThat(chain().callsOut()).as("the rule engine alone").isFalse();
    assertThat(chain(new Scripted("llm", r -> null)).callsOut()).as("an investigator over the network").isTrue();
  }

  @Test
  void theFirstInvestigatorWithAValidAnswerWinsAndTheRestAreNotAsked() {
    Scripted llm = new Scripted("llm", r -> answer(0.9, rec("a", "rollout_restart", WEB, Map.of(), 0.9, "MEDIUM")));
    Scripted never = new Scripted("holmesgpt", r -> { throw new AssertionError("not asked"); });

    AnalysisResult result = chain(llm, never).analyze(crashLoop, GATES);

    assertThat(result.investigator()).isEqualTo("llm");
    assertThat(result.recommendations()).extracting(Recommendation::action).containsExactly("rollout_restart");
    assertThat(result.fallbacks()).isEmpty();
    assertThat(never.seen).isEmpty();
  }

  @Test
  void anErrorFallsThroughToTheRulesAndIsRecordedAsAFallback() {
    Scripted down = new Scripted("holmesgpt", r -> { throw new RetryableException("HolmesGPT-API answered 503.", null); });

    AnalysisResult result = chain(down).analyze(crashLoop, GATES);

    assertThat(result.investigator()).isEqualTo("rules");
    assertThat(result.fallbacks()).containsExactly("holmesgpt: HolmesGPT-API answered 503.");
    assertThat(result.recommendations()).isNotEmpty();
  }

  @Test
  void anAnswerWhoseEveryRecommendationIsInvalidFallsThroughAndEveryDropIsListedWithItsReason() {
    TargetRef elsewhere = new TargetRef("Deployment", "kube-system", "coredns");
    Scripted llm = new Scripted("llm", r -> answer(0.95,
        rec("1", "delete_namespace", WEB, Map.of(), 0.9, "LOW"),
        rec("2", "rollout_restart", elsewhere, Map.of(), 0.9, "LOW"),
        rec("3", "scale_deployment", WEB, Map.of("replicas", "many"), 0.9, "LOW"),
        rec("4", "restart_pod", WEB, Map.of(), 0.9, "LOW"),
        rec("5", "rollout_restart", WEB, Map.of(), 0.9, "LOW", "1")));

    AnalysisResult result = chain(llm).analyze(crashLoop, GATES);

    assertThat(result.investigator()).isEqualTo("rules");
    assertThat(result.fallbacks()).containsExactly("llm: none of its 5 recommendations passed validation.");
    assertThat(result.dropped()).extracting(DroppedAction::reason).containsExactly(
        "Action 'delete_namespace' is not in the action catalog.",
        "Target Deployment/kube-system/coredns is not the alert's target Deployment/shop/web, an object of its owner "
            + "chain or a node it runs on; the scope is Deployment/shop/web, ReplicaSet/shop/web-5d4, Pod/shop/web-abc, "
            + "and no node.",
        "Invalid parameters for 'scale_deployment': Parameter 'replicas' must be a INTEGER, got 'many'.",
        "Action 'restart_pod' does not accept target kind Deployment; it accepts Pod.",
        "It depends on step '1', which is unknown or was dropped.");
    assertThat(result.dropped()).extracting(DroppedAction::rule).containsExactly(DropRule.UNKNOWN_ACTION,
        DropRule.OUT_OF_SCOPE, DropRule.INVALID_PARAMETERS, DropRule.TARGET_KIND, DropRule.BROKEN_DEPENDENCY);
    assertThat(result.dropped()).allSatisfy(d -> assertThat(d.investigator()).isEqualTo("llm"));
  }

  @Test
  void aPartlyValidAnswerKeepsTheValidOnesAndListsTheDroppedOnes() {
    Scripted llm = new Scripted("llm", r -> answer(0.9,
        rec("1", "rollout_restart", WEB, Map.of(), 0.9, "MEDIUM"),
        rec("2", "exec_shell", WEB, Map.of(), 0.9, "LOW")));

    AnalysisResult result = chain(llm).analyze(crashLoop, GATES);

    assertThat(result.investigator()).isEqualTo("llm");
    assertThat(result.recommendations()).hasSize(1);
    assertThat(result.dropped()).singleElement().satisfies(d -> assertThat(d.action()).isEqualTo("exec_shell"));
  }

  @Test
  void theRiskIsNeverBelowTheCatalogs() {
    Scripted llm = new Scripted("llm", r -> answer(0.9, rec("1", "rollout_restart", WEB, Map.of(), 0.9, "LOW")));

    assertThat(chain(llm).analyze(crashLoop, GATES).recommendations().get(0).risk()).isEqualTo("MEDIUM");
  }

  @Test
  void externalInvestigatorsGetRedactedDataAndTheRulesTheOriginal() {
    InvestigationRequest withSecret = alert("KubePodCrashLooping")
        .annotation("description", "login failed with password=hunter2 token: ghp_abcdefghijklmnopqrstuvwxyz0123456789")
        .event("BackOff", "curl https://admin:s3cret@db.internal/health failed").build();
    Scripted llm = new Scripted("llm", r -> { throw new RetryableException("down", null); });

    chain(llm).analyze(withSecret, GATES);

    InvestigationRequest sent = llm.seen.get(0);
    assertThat(sent.annotations().get("description")).doesNotContain("hunter2").doesNotContain("ghp_")
        .contains(SecretRedactor.MASK);
    assertThat(sent.enrichment().events().get(0).message()).doesNotContain("s3cret").contains("db.internal");
  }

  @Test
  void confidenceBelowTheMinimumIsRecommendOnly() {
    Scripted llm = new Scripted("llm", r -> answer(0.6, rec("1", "rollout_restart", WEB, Map.of(), 0.6, "MEDIUM")));

    AnalysisResult result = chain(llm).analyze(crashLoop, GATES);

    assertThat(result.recommendOnly()).isTrue();
    assertThat(result.approvalRequired()).isFalse();
    assertThat(result.gateReason()).contains("below 0.7");
  }

  /**
   * Every recommendation becomes a step of one workflow: the confidence the gates judge is the weakest change's, so one
   * confident step that changes nothing cannot carry a doubtful change past them.
   */
  @Test
  void theGatesJudgeTheWeakestChangeNotTheMostConfidentStep() {
    Scripted llm = new Scripted("llm", r -> answer(0.95,
        rec("a", "collect_diagnostics", WEB, Map.of(), 0.95, "LOW"),
        rec("b", "rollback_deployment", WEB, Map.of(), 0.05, "MEDIUM")));
    InvestigationRequest prod = alert("KubePodCrashLooping").in(Environment.PRODUCTION).build();

    AnalysisResult result = chain(llm).analyze(prod, GATES);

    assertThat(result.confidence()).isEqualTo(0.05);
    assertThat(result.recommendOnly()).isTrue();
    assertThat(result.gateReason()).contains("Confidence 0.05 is below 0.7");

    Scripted harmless = new Scripted("llm", r -> answer(0.9, rec("a", "collect_diagnostics", WEB, Map.of(), 0.9, "LOW"),
        rec("b", "notify_only", WEB, Map.of(), 0.2, "LOW")));
    assertThat(chain(harmless).analyze(prod, GATES).confidence()).as("nothing changes: the best step's").isEqualTo(0.9);
  }

  @Test
  void productionBelowTheApprovalConfidenceNeedsApprovalButStagingDoesNot() {
    Scripted llm = new Scripted("llm", r -> answer(0.75, rec("1", "rollout_restart", WEB, Map.of(), 0.75, "MEDIUM")));
    InvestigationRequest prod = alert("KubePodCrashLooping").in(Environment.PRODUCTION).build();

    assertThat(chain(llm).analyze(prod, GATES).approvalRequired()).isTrue();
    assertThat(chain(llm).analyze(crashLoop, GATES).approvalRequired()).isFalse();
    assertThat(chain(llm).analyze(prod, new AnalysisGates(0.5, 0.7)).approvalRequired()).isFalse();
  }

  @Test
  void aHighRiskActionInProductionNeedsApprovalWhateverTheConfidence() {
    InvestigationRequest node = alert("KubeNodeNotReady").on(Alerts.NODE).node("worker-2", false)
        .in(Environment.PRODUCTION).build();

    AnalysisResult result = chain().analyze(node, GATES);

    assertThat(result.confidence()).as("cordon_node at 0.8, then drain_node at 0.7: the weakest step's").isEqualTo(0.7);
    assertThat(result.approvalRequired()).isTrue();
    assertThat(result.gateReason()).contains("drain_node");
  }

  @Test
  void historyReRanksTheRecommendationsWhenThereIsData() {
    Scripted llm = new Scripted("llm", r -> answer(0.9,
        rec("1", "rollout_restart", WEB, Map.of(), 0.9, "MEDIUM"),
        rec("2", "rollback_deployment", WEB, Map.of(), 0.8, "MEDIUM")));
    var history = new io.kubernaut.core.fakes.InMemoryRemediationHistory()
        .rate("KubePodCrashLooping", "rollout_restart", new SuccessRate(20, 2))
        .rate("KubePodCrashLooping", "rollback_deployment", new SuccessRate(20, 19));
    InvestigatorChain chain = new InvestigatorChain(List.of(llm), catalog, history, new SecretRedactor());

    AnalysisResult result = chain.analyze(crashLoop, GATES);

    assertThat(result.recommendations()).extracting(Recommendation::action)
        .containsExactly("rollback_deployment", "rollout_restart");
    assertThat(result.recommendations().get(0).rationale()).contains("19 of 20");
    assertThat(result.recommendations().get(1).confidence()).isLessThan(0.4);
  }

  @Test
  void whenNoInvestigatorAnswersTheResultIsRecommendOnlyFromNobody() {
    Scripted down = new Scripted("llm", r -> { throw new RetryableException("timed out after 30 s", null); });

    AnalysisResult result = new InvestigatorChain(List.of(down), catalog, null, new SecretRedactor())
        .analyze(crashLoop, GATES);

    assertThat(result.investigator()).isEqualTo(InvestigatorChain.NOBODY);
    assertThat(result.recommendOnly()).isTrue();
    assertThat(result.fallbacks()).containsExactly("llm: timed out after 30 s");
  }

  @Test
  void theSafetyAssessmentValidatesAndGatesOneProposedAction() {
    InvestigationRequest prod = alert("Manual").in(Environment.PRODUCTION).build();

    AnalysisResult ok = chain().assess(prod, rec("1", "rollout_restart", WEB, Map.of(), 0.9, "LOW"), GATES);
    AnalysisResult bad = chain().assess(prod, rec("1", "rm_rf", WEB, Map.of(), 0.9, "LOW"), GATES);

    assertThat(ok.recommendations()).hasSize(1);
    assertThat(ok.approvalRequired()).isFalse();
    assertThat(bad.recommendations()).isEmpty();
    assertThat(bad.recommendOnly()).isTrue();
    assertThat(bad.dropped()).singleElement().satisfies(d -> assertThat(d.reason()).contains("not in the action catalog"));
  }
}

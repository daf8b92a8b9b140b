package io.kubernaut.core.analysis;

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
import io.kubernaut.ports.out.Investigator;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.signal.TargetRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 15, items 1 and 2: target scope and the defaults a cautious SRE would choose. */
class GuardrailDefaultsTest {

  private static final AnalysisGates GATES = AnalysisGates.defaults();
  private static final TargetRef POD = new TargetRef("Pod", "staging", "web-abc");

  /** An investigator that answers with fixed recommendations. */
  private record Fixed(String name, double confidence, List<Recommendation> recs) implements Investigator {
    @Override
    public Investigation investigate(InvestigationRequest request) {
      return new Investigation("cause", List.of("fact"), recs, confidence);
    }
  }

  private static Recommendation rec(String id, String action, TargetRef target, Map<String, String> params,
      String... dependsOn) {
    return new Recommendation(id, action, target, params, 0.95, "LOW", "because", List.of(dependsOn));
  }

  private static AnalysisResult analyze(InvestigationRequest request, AnalysisGates gates, Recommendation... recs) {
    return new InvestigatorChain(List.of(new Fixed("llm", 0.95, List.of(recs)), new RuleInvestigator()),
        new InMemoryActionCatalog(), null, new SecretRedactor()).analyze(request, gates);
  }

  private static Alerts oomKilledPodOnWorker2() {
    return alert("KubeContainerOOMKilled").on(POD).in(Environment.STAGING).podOn("web-abc", "worker-2", "data-web")
        .labelledNode("worker-2", Map.of("kubernetes.io/hostname", "worker-2"));
  }

  @Test
  void aHostileDrainOfTheNodeNamedWithTheAlertsNamespaceLosesTheNamespaceAndNeedsApprovalInStaging() {
    AnalysisResult result = analyze(oomKilledPodOnWorker2().build(), GATES,
        rec("1", "drain_node", new TargetRef("Node", "staging", "worker-2"), Map.of()));

    assertThat(result.investigator()).isEqualTo("llm");
    assertThat(result.recommendations()).singleElement()
        .satisfies(r -> assertThat(r.target()).isEqualTo(new TargetRef("Node", "", "worker-2")));
    assertThat(result.approvalRequired()).isTrue();
    assertThat(result.gateReason()).contains("Node-disruptive action drain_node on Node/worker-2")
        .contains("does not answer the alert's family oom_killed");
  }

  @Test
  void aNodeThatNeitherTheAlertNamesNorHostsTheAlertingPodIsDroppedAsOutOfScope() {
    AnalysisResult result = analyze(oomKilledPodOnWorker2().labelledNode("worker-9", Map.of()).build(), GATES,
        rec("1", "drain_node", new TargetRef("Node", "staging", "worker-9"), Map.of()));

    assertThat(result.investigator()).isEqualTo("rules");
    assertThat(result.dropped()).singleElement().satisfies(d -> {
      assertThat(d.rule()).isEqualTo(DropRule.OUT_OF_SCOPE);
      assertThat(d.reason()).contains("Node/worker-9").contains("node worker-2");
    });
  }

  @Test
  void theOwnerChainThePodsHpaAndMountedClaimsAreInScopeButAnotherWorkloadOfTheNamespaceIsNot() {
    InvestigationRequest request = oomKilledPodOnWorker2().hpa(3, 10).build();
    AnalysisResult result = analyze(request, GATES,
        rec("1", "restart_pod", POD, Map.of()),
        rec("2", "rollout_restart", new TargetRef("Deployment", "staging", "web"), Map.of()),
        rec("3", "update_hpa", new TargetRef("HorizontalPodAutoscaler", "staging", "web"), Map.of("maxReplicas", "12")),
        rec("4", "expand_pvc", new TargetRef("PersistentVolumeClaim", "staging", "data-web"), Map.of("size", "20Gi")),
        rec("5", "rollout_restart", new TargetRef("Deployment", "staging", "billing"), Map.of()),
        rec("6", "expand_pvc", new TargetRef("PersistentVolumeClaim", "staging", "data-billing"), Map.of("size", "2Gi")));

    assertThat(result.recommendations()).extracting(Recommendation::id).containsExactly("1", "2", "3", "4");
    assertThat(result.dropped()).extracting(DroppedAction::rule)
        .containsExactly(DropRule.OUT_OF_SCOPE, DropRule.OUT_OF_SCOPE);
  }

  @Test
  void aControlPlaneNodeIsNeverTouchedEvenWhenTheAlertNamesIt() {
    InvestigationRequest request = alert("KubeNodeNotReady").on(Alerts.NODE).in(Environment.STAGING)
        .labelledNode("worker-2", Map.of("node-role.kubernetes.io/control-plane", "")).build();

    AnalysisResult result = analyze(request, new AnalysisGates(0.7, 0.8, Set.of("staging")),
        rec("1", "cordon_node", Alerts.NODE, Map.of()));

    assertThat(result.recommendations()).isEmpty();
    assertThat(result.recommendOnly()).isTrue();
    assertThat(result.dropped()).extracting(DroppedAction::rule).containsOnly(DropRule.CONTROL_PLANE_NODE);
  }

  @Test
  void aLegacyMasterLabelAlsoMarksAControlPlaneNode() {
    InvestigationRequest request = alert("KubeNodeNotReady").on(Alerts.NODE)
        .labelledNode("worker-2", Map.of("node-role.kubernetes.io/master", "true")).build();

    assertThat(analyze(request, GATES, rec("1", "cordon_node", Alerts.NODE, Map.of())).dropped())
        .extracting(DroppedAction::rule).containsOnly(DropRule.CONTROL_PLANE_NODE);
  }

  @Test
  void aNodeDisruptiveActionOnANodeWhoseLabelsWereNotGatheredIsDropped() {
    InvestigationRequest request = alert("KubeNodeNotReady").on(Alerts.NODE).build();

    AnalysisResult result = analyze(request, GATES, rec("1", "cordon_node", Alerts.NODE, Map.of()));

    assertThat(result.dropped()).extracting(DroppedAction::rule).contains(DropRule.UNKNOWN_NODE);
    assertThat(result.recommendations()).extracting(Recommendation::action).doesNotContain("cordon_node");
  }

  @Test
  void nodeActionsNeedApprovalEverywhereUnlessTheGatesAllowThemInThatEnvironment() {
    InvestigationRequest staging = alert("KubeNodeNotReady").on(Alerts.NODE).in(Environment.STAGING)
        .node("worker-2", false).build();
    InvestigationRequest development = alert("KubeNodeNotReady").on(Alerts.NODE).in(Environment.DEVELOPMENT)
        .node("worker-2", false).build();
    AnalysisGates stagingAllowed = new AnalysisGates(0.7, 0.8, Set.of("staging"));
    Recommendation cordon = rec("1", "cordon_node", Alerts.NODE, Map.of());

    assertThat(analyze(development, GATES, cordon).approvalRequired()).isTrue();
    assertThat(analyze(staging, GATES, cordon).approvalRequired()).isTrue();
    assertThat(analyze(development, stagingAllowed, cordon).approvalRequired()).isTrue();
    assertThat(analyze(staging, stagingAllowed, cordon).approvalRequired()).isFalse();
  }

  /**
   * A staging pod's alert whose analysis cordons the pod's node: the node may host production pods, so the action is
   * judged as production, and gates that allow node actions in staging do not let it run unapproved. Before, the pod
   * namespace's environment decided.
   */
  @Test
  void aNodeActionOnTheHostOfAStagingPodIsJudgedAsProduction() {
    AnalysisGates stagingAllowed = new AnalysisGates(0.7, 0.8, Set.of("staging"));

    // An alert of no known family: only the node gate can ask for approval.
    InvestigationRequest request = alert("ShopCheckoutSlow").on(POD).in(Environment.STAGING)
        .podOn("web-abc", "worker-2", "data-web").labelledNode("worker-2", Map.of("kubernetes.io/hostname", "worker-2"))
        .build();

    AnalysisResult result = analyze(request, stagingAllowed,
        rec("1", "cordon_node", new TargetRef("Node", "", "worker-2"), Map.of()));

    assertThat(result.recommendations()).extracting(Recommendation::action).containsExactly("cordon_node");
    assertThat(result.gateReason()).doesNotContain("family");
    assertThat(result.approvalRequired()).isTrue();
    assertThat(result.gateReason()).contains("needs approval in production (the node is not the alert's target");
  }

  @Test
  void anInfoThrottlingAlertOnACrashLoopingProductionPodGetsNoRollbackAndEndsRecommendOnly() {
    InvestigationRequest request = alert("CPUThrottlingHigh").severity("info").in(Environment.PRODUCTION)
        .pod("web-abc", false, 9, "CrashLoopBackOff", "Error").rolloutMinutesAgo(10).build();

    AnalysisResult result = new InvestigatorChain(List.of(new RuleInvestigator()), new InMemoryActionCatalog(), null,
        new SecretRedactor()).analyze(request, GATES);

    assertThat(result.recommendations()).extracting(Recommendation::action)
        .doesNotContain("rollback_deployment").containsExactly("increase_resources");
    assertThat(result.recommendOnly()).isTrue();
    assertThat(result.gateReason()).contains("severity info");
  }

  @Test
  void clusterStateThatPointsAtAnotherFamilyLowersTheRulesConfidence() {
    Investigation calm = new RuleInvestigator().investigate(alert("CPUThrottlingHigh").build());
    Investigation crashing = new RuleInvestigator().investigate(alert("CPUThrottlingHigh")
        .pod("web-abc", false, 9, "CrashLoopBackOff", "Error").build());

    assertThat(crashing.confidence()).isEqualTo(calm.confidence() - RuleInvestigator.CONFLICT_PENALTY, within());
    assertThat(crashing.evidence()).anyMatch(e -> e.contains("crash_looping"));
  }

  @Test
  void aRecommendationOutsideTheAlertsFamilyNeedsApprovalEvenInStaging() {
    InvestigationRequest throttled = alert("CPUThrottlingHigh").in(Environment.STAGING).build();

    AnalysisResult foreign = analyze(throttled, GATES, rec("1", "rollback_deployment", Alerts.WEB, Map.of()));
    AnalysisResult own = analyze(throttled, GATES, rec("1", "increase_resources", Alerts.WEB, Map.of("cpuFactor", "1.5")));

    assertThat(foreign.approvalRequired()).isTrue();
    assertThat(foreign.gateReason()).contains("rollback_deployment does not answer the alert's family cpu_throttling");
    assertThat(own.approvalRequired()).isFalse();
  }

  @Test
  void aNoExecuteTaintIsHighRiskAndNeedsApprovalInProduction() {
    InvestigationRequest request = alert("KubeNodeNotReady").on(Alerts.NODE).in(Environment.PRODUCTION)
        .node("worker-2", false).build();
    AnalysisGates allowEverywhere = new AnalysisGates(0.7, 0.8, Set.of("production"));

    AnalysisResult noExecute = analyze(request, allowEverywhere,
        rec("1", "taint_node", Alerts.NODE, Map.of("key", "k", "effect", "NoExecute")));
    AnalysisResult noSchedule = analyze(request, allowEverywhere,
        rec("1", "taint_node", Alerts.NODE, Map.of("key", "k", "effect", "NoSchedule")));

    assertThat(noExecute.recommendations().get(0).risk()).isEqualTo("HIGH");
    assertThat(noExecute.approvalRequired()).isTrue();
    assertThat(noSchedule.recommendations().get(0).risk()).isEqualTo("MEDIUM");
    assertThat(noSchedule.approvalRequired()).isFalse();
  }

  @Test
  void anUntaintOfANodeOnlyTheAlertsNodeLabelNamesIsDroppedWhateverItsDisruptionClass() {
    // untaint_node is class NONE; on a control-plane node the alert's label names (not gathered) it would open the
    // node to every workload.
    InvestigationRequest request = oomKilledPodOnWorker2().label("node", "cp-1").build();

    AnalysisResult result = analyze(request, GATES, rec("1", "untaint_node", new TargetRef("Node", "", "cp-1"),
        Map.of("key", "node-role.kubernetes.io/control-plane")));

    assertThat(result.recommendations()).extracting(Recommendation::action).doesNotContain("untaint_node");
    assertThat(result.dropped()).filteredOn(d -> d.investigator().equals("llm")).singleElement().satisfies(d -> {
      assertThat(d.rule()).isEqualTo(DropRule.UNKNOWN_NODE);
      assertThat(d.reason()).contains("cp-1").contains("not among the gathered nodes");
    });
  }

  @Test
  void anAnswerOfThousandsOfActionsIsReadToTwentyAndTheRestDroppedInOneEntry() {
    List<Recommendation> flood = java.util.stream.IntStream.range(0, 5_000)
        .mapToObj(i -> rec("s" + i, "restart_pod", new TargetRef("Pod", "elsewhere", "p" + i), Map.of())).toList();

    AnalysisResult result = analyze(oomKilledPodOnWorker2().build(), GATES, flood.toArray(Recommendation[]::new));

    List<DroppedAction> llm = result.dropped().stream().filter(d -> d.investigator().equals("llm")).toList();
    assertThat(llm).hasSize(RecommendationValidator.MAX_RECOMMENDATIONS + 1);
    assertThat(llm.get(llm.size() - 1)).satisfies(d -> {
      assertThat(d.rule()).isEqualTo(DropRule.TOO_MANY_RECOMMENDATIONS);
      assertThat(d.reason()).contains("5000 actions").contains("other 4980 were dropped unread");
    });
  }

  @Test
  void theKeptActionsCarryAtMost64KiBOfParametersAsStoredAndAStepOverItIsDroppedWithItsDependents() {
    // 19 notify_only steps with a 4,096-character message (76 KiB, past the answer's budget) and a small one after them; a plugin action of 32
    // such parameters would make 2.5 MiB, more than the API server stores in the AIAnalysis status.
    java.util.ArrayList<Recommendation> recs = new java.util.ArrayList<>();
    for (int i = 0; i < 19; i++) {
      recs.add(rec("n" + i, "notify_only", POD, Map.of("message", "x".repeat(4_096))));
    }
    recs.add(rec("small", "notify_only", POD, Map.of("message", "short"), "n15"));

    AnalysisResult result = analyze(oomKilledPodOnWorker2().build(), GATES, recs.toArray(Recommendation[]::new));

    // 15 x (7 + 4,096) = 61,545 characters fit in 65,536; the 16th would make 65,648.
    assertThat(result.recommendations()).extracting(Recommendation::id)
        .containsExactlyInAnyOrder("n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9", "n10", "n11", "n12",
            "n13", "n14");
    assertThat(result.recommendations().stream().flatMap(r -> r.parameters().entrySet().stream())
        .mapToInt(p -> p.getKey().length() + p.getValue().length()).sum())
        .isLessThanOrEqualTo(RecommendationValidator.MAX_ANSWER_PARAMETERS);
    // Counted as stored: '<' is six bytes (\u003c) on the API server, so 2,729 of them make 16,374 bytes: four such steps fit, a fifth does not.
    AnalysisResult escaped = analyze(oomKilledPodOnWorker2().build(), GATES, java.util.stream.IntStream.range(0, 5)
        .mapToObj(i -> rec("e" + i, "notify_only", POD, Map.of("message", "<".repeat(2_729))))
        .toArray(Recommendation[]::new));
    assertThat(escaped.recommendations()).extracting(Recommendation::id).containsExactly("e0", "e1", "e2", "e3");
    assertThat(RecommendationValidator.storedBytes("a\"<\u00e9\u20ac\uD83D\uDE00\u0001")).isEqualTo(1 + 2 + 6 + 2 + 3 + 4 + 6);
    assertThat(RecommendationValidator.storedBytes("\n\t\uD83Dx")).as("escapes of two; a lone surrogate stored as U+FFFD")
        .isEqualTo(2 + 2 + 3 + 1);
    List<DroppedAction> llm = result.dropped().stream().filter(d -> d.investigator().equals("llm")).toList();
    assertThat(llm).extracting(DroppedAction::rule).containsExactly(DropRule.ANSWER_TOO_LARGE,
        DropRule.ANSWER_TOO_LARGE, DropRule.ANSWER_TOO_LARGE, DropRule.ANSWER_TOO_LARGE, DropRule.BROKEN_DEPENDENCY);
    assertThat(llm.get(0).reason()).isEqualTo("Its parameters (4103 bytes as stored) would take the answer's kept "
        + "actions past 65536 bytes of parameters in all, the most an answer may carry.");
  }

  @Test
  void aDropQuotesAtMostAThousandCharactersOfTheProblemsItsParametersHad() {
    // The schema check quotes every value it refuses: four of 4,096 characters would make a 16 KiB reason.
    String big = "9".repeat(4_000) + "Zi";
    AnalysisResult result = analyze(oomKilledPodOnWorker2().build(), GATES, rec("1", "increase_resources",
        new TargetRef("Deployment", "staging", "web"), Map.of("memoryLimit", big, "cpuLimit", big, "memoryFactor", big,
            "cpuFactor", big)));

    DroppedAction drop = result.dropped().stream().filter(d -> d.investigator().equals("llm")).findFirst().orElseThrow();
    assertThat(drop.rule()).isEqualTo(DropRule.INVALID_PARAMETERS);
    assertThat(drop.reason()).startsWith("Invalid parameters for 'increase_resources': ").endsWith("\u2026")
        .hasSize(RecommendationValidator.MAX_REASON);
  }

  @Test
  void stepIdsThatWouldNameOneExecutionOrARollbackAreDropped() {
    AnalysisResult result = analyze(oomKilledPodOnWorker2().build(), GATES,
        rec("A", "restart_pod", POD, Map.of()),
        rec("a", "restart_pod", POD, Map.of()),
        rec("A-rollback", "restart_pod", POD, Map.of()),
        rec("rollback", "restart_pod", POD, Map.of()),
        rec("api-rollback", "restart_pod", POD, Map.of()),
        rec("--", "restart_pod", POD, Map.of()),
        rec("x".repeat(64), "restart_pod", POD, Map.of()),
        rec("b", "restart_pod", POD, Map.of()));

    assertThat(result.recommendations()).extracting(Recommendation::id)
        .as("an id may end in rollback, unless it and another differ only by '-rollback'")
        .containsExactly("A", "rollback", "api-rollback", "b");
    assertThat(result.dropped()).filteredOn(d -> d.investigator().equals("llm")).extracting(DroppedAction::rule)
        .containsExactly(DropRule.INVALID_STEP_ID, DropRule.INVALID_STEP_ID, DropRule.INVALID_STEP_ID,
            DropRule.INVALID_STEP_ID);
    assertThat(result.dropped()).filteredOn(d -> d.investigator().equals("llm")).extracting(DroppedAction::reason)
        .anySatisfy(r -> assertThat(r).contains("'a'").contains("another step's id"))
        .anySatisfy(r -> assertThat(r).contains("'A-rollback'").contains("differ only by '-rollback'"));
  }

  @Test
  void anOversizedParameterDropsTheActionAndADropQuotesLittleOfTheAnswer() {
    AnalysisResult result = analyze(oomKilledPodOnWorker2().build(), GATES,
        rec("1", "restart_pod", POD, Map.of("note", "v".repeat(RecommendationValidator.MAX_PARAMETER_VALUE + 1))),
        rec("2", "z".repeat(100_000), POD, Map.of()));

    assertThat(result.dropped()).filteredOn(d -> d.investigator().equals("llm")).satisfiesExactly(
        d -> {
          assertThat(d.rule()).isEqualTo(DropRule.INVALID_PARAMETERS);
          assertThat(d.reason()).contains("'note'").contains("longer than an action takes");
        },
        d -> {
          assertThat(d.rule()).isEqualTo(DropRule.UNKNOWN_ACTION);
          assertThat(d.action().length()).isLessThanOrEqualTo(120);
          assertThat(d.reason().length()).isLessThan(300);
        });
    assertThat(new Recommendation("1", "a", POD, Map.of(), 1, "LOW", "r".repeat(10_000), List.of()).rationale())
        .hasSize(Recommendation.MAX_RATIONALE);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}

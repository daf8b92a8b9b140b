package io.kubernaut.core.analysis;

import static io.kubernaut.core.analysis.Alerts.NODE;
import static io.kubernaut.core.analysis.Alerts.WEB;
import static io.kubernaut.core.analysis.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.core.fakes.InMemoryActionCatalog;
import io.kubernaut.ports.analysis.Investigation;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.signal.TargetRef;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One case per alert family: the rule engine's first recommendation, its target and a cited fact. */
class RuleInvestigatorTest {

  private final RuleInvestigator rules = new RuleInvestigator();
  private final RecommendationValidator validator = new RecommendationValidator(new InMemoryActionCatalog());

  static Stream<Arguments> families() {
    TargetRef pvc = new TargetRef("PersistentVolumeClaim", "shop", "data-web-0");
    return Stream.of(
        Arguments.of("crash-looping without a recent rollout restarts the workload",
            alert("KubePodCrashLooping").pod("web-abc", false, 14, "CrashLoopBackOff", "Error").rolloutMinutesAgo(240),
            "rollout_restart", WEB, "CrashLoopBackOff"),
        Arguments.of("crash-looping within 30 minutes of a rollout rolls back",
            alert("KubePodCrashLooping").pod("web-abc", false, 4, "CrashLoopBackOff", "Error").rolloutMinutesAgo(12),
            "rollback_deployment", WEB, "12 minutes ago"),
        Arguments.of("a last termination reason of OOMKilled raises the memory limit",
            alert("KubeContainerOOMKilled").pod("web-abc", false, 3, null, "OOMKilled"),
            "increase_resources", WEB, "OOMKilled"),
        Arguments.of("not ready pods restart the workload",
            alert("KubePodNotReady").pod("web-abc", false, 0, "ContainerCreating", null),
            "rollout_restart", WEB, "not ready"),
        Arguments.of("a replica mismatch restarts the workload",
            alert("KubeDeploymentReplicasMismatch").pod("web-abc", true, 0, null, null),
            "rollout_restart", WEB, "Fewer replicas"),
        Arguments.of("a stuck rollout rolls back",
            alert("KubeDeploymentRolloutStuck"), "rollback_deployment", WEB, "stuck"),
        Arguments.of("a node that is not ready is cordoned, then drained",
            alert("KubeNodeNotReady").on(NODE).node("worker-2", false), "cordon_node", NODE, "not ready"),
        Arguments.of("an unreachable node is cordoned",
            alert("KubeNodeUnreachable").on(NODE).node("worker-2", false), "cordon_node", NODE, "worker-2"),
        Arguments.of("disk pressure cordons the node",
            alert("NodeDiskPressure").on(NODE).node("worker-2", true, "DiskPressure"), "cordon_node", NODE, "DiskPressure"),
        Arguments.of("memory pressure cordons the node",
            alert("KubeNodeMemoryPressure").on(NODE).node("worker-2", true, "MemoryPressure"), "cordon_node", NODE,
            "MemoryPressure"),
        Arguments.of("a filling volume asks a human for the new size",
            alert("KubePersistentVolumeFillingUp").on(pvc), "notify_only", pvc, "expand_pvc"),
        Arguments.of("CPU throttling raises the CPU limit",
            alert("CPUThrottlingHigh"), "increase_resources", WEB, "500m"),
        Arguments.of("a maxed-out HPA gets a higher maximum",
            alert("KubeHpaMaxedOut").hpa(10, 10), "update_hpa", new TargetRef("HorizontalPodAutoscaler", "shop", "web"),
            "maximum of 10"),
        Arguments.of("a BackOff event is a crash loop",
            alert("PodWarningEvent").event("BackOff", "Back-off restarting failed container"), "rollout_restart", WEB,
            "Back-off restarting"),
        Arguments.of("an OOMKilling event raises the memory limit",
            alert("PodWarningEvent").event("OOMKilling", "Memory cgroup out of memory"), "increase_resources", WEB,
            "OOMKilling"),
        Arguments.of("a FailedScheduling event collects diagnostics for a human",
            alert("PodWarningEvent").event("FailedScheduling", "0/3 nodes are available: 3 Insufficient memory."),
            "collect_diagnostics", WEB, "Insufficient memory"),
        Arguments.of("an Evicted event collects diagnostics",
            alert("PodWarningEvent").event("Evicted", "The node was low on resource: memory."), "collect_diagnostics",
            WEB, "low on resource"),
        Arguments.of("an unknown alert only notifies", alert("SomethingElse"), "notify_only", WEB, "No rule"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void eachFamilyGetsItsCatalogActionWithARationaleCitingTheEvidence(String name, Alerts alert, String action,
      TargetRef target, String cited) {
    InvestigationRequest request = alert.build();
    Investigation answer = rules.investigate(request);

    Recommendation first = answer.recommendations().get(0);
    assertThat(first.action()).isEqualTo(action);
    assertThat(first.target()).isEqualTo(target);
    assertThat(first.confidence()).isBetween(0.0, 1.0);
    assertThat(first.risk()).isIn("LOW", "MEDIUM", "HIGH");
    assertThat(first.rationale() + " " + String.join(" ", answer.evidence())).contains(cited);
    assertThat(validator.validate("rules", answer.recommendations(), request).dropped()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void oomKilledDoublesTheMemoryLimitWithTheContainerNamedForTheBuiltInSchema() {
    Recommendation r = rules.investigate(alert("KubeContainerOOMKilled").pod("web-abc", false, 3, null, "OOMKilled")
        .build()).recommendations().get(0);

    assertThat(r.parameters()).isEqualTo(Map.of("container", "app", "memoryLimit", "256Mi"));
    assertThat(r.confidence()).isEqualTo(0.9);
    assertThat(r.rationale()).contains("128Mi").contains("256Mi").contains("web-abc");
  }

  @org.junit.jupiter.api.Test
  void aNotReadyNodeIsDrainedOnlyAfterTheCordonAndTheDrainIsHighRisk() {
    var recs = rules.investigate(alert("KubeNodeNotReady").on(NODE).build()).recommendations();

    assertThat(recs).extracting(Recommendation::action).containsExactly("cordon_node", "drain_node");
    assertThat(recs.get(1).dependsOn()).containsExactly(recs.get(0).id());
    assertThat(recs.get(1).risk()).isEqualTo("HIGH");
  }

  @org.junit.jupiter.api.Test
  void aHpaMaxedOutRaisesTheMaximumByHalf() {
    Recommendation r = rules.investigate(alert("KubeHpaMaxedOut").hpa(10, 10).build()).recommendations().get(0);

    assertThat(r.parameters()).containsEntry("maxReplicas", "15");
  }
}

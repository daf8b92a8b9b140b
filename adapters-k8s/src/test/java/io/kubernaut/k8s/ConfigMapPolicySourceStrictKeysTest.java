package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.safety.SafetyLimits;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every key of {@code kubernaut-config} that no parser reads is refused, naming the key and its file. */
class ConfigMapPolicySourceStrictKeysTest {

  static Stream<Arguments> unknownKeys() {
    return Stream.of(
        Arguments.of("timeout.yaml", "overall: 2h\n", "Unknown key 'timeout.yaml' in ConfigMap kubernaut-config"),
        Arguments.of("timeouts.yaml", "overal: 2h\n", "Unknown key 'overal' in timeouts.yaml"),
        Arguments.of("timeouts.yaml", "phases: {procesing: 5m}\n", "Unknown key 'phases.procesing' in timeouts.yaml"),
        Arguments.of("timeouts.yaml", "byEnvironment: {prod: {workflow: 30m}}\n",
            "Unknown key 'byEnvironment.prod' in timeouts.yaml"),
        Arguments.of("timeouts.yaml", "bySeverity: {critical: {workflo: 30m}}\n",
            "Unknown key 'bySeverity.critical.workflo' in timeouts.yaml"),
        Arguments.of("safety.yaml", "killswitch: true\n", "Unknown key 'killswitch' in safety.yaml"),
        Arguments.of("safety.yaml", "maxScaleFactor: 2\n", "Unknown key 'maxScaleFactor' in safety.yaml"),
        Arguments.of("safety.yaml", "limits: {maxScale: 2}\n", "Unknown key 'limits.maxScale' in safety.yaml"),
        Arguments.of("safety.yaml", "byEnvironment: {production: {maxReplica: 2}}\n",
            "Unknown key 'byEnvironment.production.maxReplica' in safety.yaml"),
        Arguments.of("safety.yaml", "byEnvironment: {prod: {maxReplicas: 2}}\n",
            "Unknown key 'byEnvironment.prod' in safety.yaml"),
        Arguments.of("safety.yaml", "budget: {maxNodesDown: 1}\n", "Unknown key 'budget.maxNodesDown' in safety.yaml"),
        Arguments.of("safety.yaml", "budget: {maxActionsPerHourByClass: {nodes: 1}}\n",
            "Unknown key 'budget.maxActionsPerHourByClass.nodes' in safety.yaml"),
        Arguments.of("gates.yaml", "minConfidance: 0.5\n", "Unknown key 'minConfidance' in gates.yaml"),
        Arguments.of("storm.yaml", "prod: {duplicates: 4, windowCount: 2, window: 5m}\n",
            "Unknown key 'prod' in storm.yaml"),
        Arguments.of("storm.yaml", "production: {duplicates: 4, windowCount: 2, window: 5m, windowSize: 1}\n",
            "Unknown key 'production.windowSize' in storm.yaml"),
        Arguments.of("verification.yaml", "shippedDefault: false\n", "Unknown key 'shippedDefault' in verification.yaml"),
        Arguments.of("verification.yaml", "alerts: {KubePodCrashLooping: [{name: a, query: up, successCondition: empty, "
            + "failurelimit: 1}]}\n", "Unknown key 'alerts.KubePodCrashLooping[0].failurelimit' in verification.yaml"),
        Arguments.of("safety.yaml", "limits: {rollbackOnFailedVerfication: true}\n",
            "Unknown key 'limits.rollbackOnFailedVerfication' in safety.yaml"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("unknownKeys")
  void anUnknownKeyIsRefusedNamingTheKeyAndTheFile(String dataKey, String yaml, String message) {
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of(dataKey, yaml)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message)
        .hasMessageContaining("the keys read there are");
  }

  @Test
  void everyKnownKeyIsAccepted() {
    PipelinePolicy policy = ConfigMapPolicySource.parse(Map.of(
        "timeouts.yaml", """
            overall: 2h
            phases: {processing: 6m, analysis: 11m, approval: 30m, workflow: 25m, executionStep: 12m}
            byEnvironment: {production: {workflow: 40m}, unknown: {overall: 3h}}
            bySeverity: {critical: {overall: 45m}, info: {overall: 5h}}
            """,
        "safety.yaml", """
            killSwitch: false
            dryRun: true
            protectedNamespaces: [vault]
            limits: {maxReplicas: 40, maxScaleFactor: 2, maxNodesDisrupted: 2, cooldown: 10m, failureThreshold: 4,
              failureBlock: 2h, oscillationWindow: 3h, maxRestartsInWindow: 5, monitoringWindow: 7m, maxAttempts: 2,
              maxResourceFactor: 1.5, maxMemoryLimit: 8Gi, maxCpuLimit: "4", maxStorageFactor: 3, maxStorageSize: 500Gi}
            byEnvironment: {staging: {maxReplicas: 10}}
            budget: {maxNodesUnavailable: "20%", minHealthyNodes: 3, maxActionsPerHour: 30,
              maxActionsPerHourByClass: {node: 2, pod: 10, workload: 0, none: 0}, maxConcurrentRemediationsPerNamespace: 2}
            """,
        "gates.yaml", "minConfidence: 0.6\nproductionApprovalConfidence: 0.9\nautoApproveNodeActions: [staging]\n",
        "storm.yaml", "development: {duplicates: 11, windowCount: 9, window: 1h}\n",
        "retention", "12h",
        "notifications.yaml", "route: {receiver: log}\nreceivers: [{name: log, logConfigs: [{}]}]\n"));

    assertThat(policy.dryRun()).isTrue();
    assertThat(policy.safety().fallback().maxScaleFactor()).isEqualTo(2.0);
    assertThat(policy.safety().fallback().bounds()).isEqualTo(new io.kubernaut.ports.safety.ResourceBounds(1.5, "8Gi", "4", 3,
        "500Gi"));
    assertThat(policy.safety().limitsFor("staging").bounds().maxMemoryLimit()).as("an override starts from limits")
        .isEqualTo("8Gi");
    var budget = policy.safety().budget();
    assertThat(budget.maxNodesUnavailable()).isEqualTo(new io.kubernaut.ports.safety.NodeShare(20, true));
    assertThat(budget.minHealthyNodes()).isEqualTo(new io.kubernaut.ports.safety.NodeShare(3, false));
    assertThat(budget.maxActionsPerHour()).isEqualTo(30);
    assertThat(budget.maxActionsPerHourByClass()).containsEntry(io.kubernaut.ports.action.DisruptionClass.NODE, 2)
        .containsEntry(io.kubernaut.ports.action.DisruptionClass.POD, 10);
    assertThat(budget.maxConcurrentRemediationsPerNamespace()).isEqualTo(2);
    assertThat(policy.timeouts().defaults()).containsEntry("overall", Duration.ofHours(2));
  }

  @Test
  void theSafetyLimitKeysAreExactlyTheComponentsOfSafetyLimitsAndItsResourceBounds() {
    assertThat(SafetyPolicyParser.LIMIT_KEYS).containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(
        java.util.stream.Stream.concat(
            Arrays.stream(SafetyLimits.class.getRecordComponents()).map(c -> c.getName())
                .filter(n -> !n.equals("bounds") && !n.equals("verification")),
            Arrays.stream(io.kubernaut.ports.safety.ResourceBounds.class.getRecordComponents()).map(c -> c.getName())),
        java.util.stream.Stream.of("rollbackOnFailedVerification", "failedVerificationThreshold",
            "failedVerificationWindow")).toList());
    assertThat(io.kubernaut.ports.safety.VerificationRules.class.getRecordComponents())
        .as("each component of VerificationRules has its key above").hasSize(3);
    assertThat(SafetyPolicyParser.BUDGET_KEYS).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(io.kubernaut.ports.safety.DisruptionBudget.class.getRecordComponents()).map(c -> c.getName()).toList());
  }

  @Test
  void aConfigMapWithAnUnknownKeyKeepsThePreviousPolicy() {
    ConfigMapPolicySource source = new ConfigMapPolicySource(null, "kubernaut-system");
    source.load(configMap(Map.of("safety.yaml", "dryRun: true\n")));
    PipelinePolicy applied = source.current();

    source.load(configMap(Map.of("safety.yaml", "dryRun: false\nlimits: {maxScale: 2}\n")));
    source.load(configMap(Map.of("safety.yaml", "dryRun: false\n", "extra.yaml", "x: 1\n")));

    assertThat(applied.dryRun()).isTrue();
    assertThat(source.current()).isSameAs(applied);
  }

  @Test
  void anInvalidConfigMapBeforeAnyValidOneSinceStartTurnsTheKillSwitchOnUntilAValidOneIsApplied() {
    // Its author meant the kill switch on and one more namespace protected; the typo must not leave the defaults in force.
    ConfigMapPolicySource source = new ConfigMapPolicySource(null, "kubernaut-system");
    source.load(configMap(Map.of("safety.yaml",
        "killSwitch: true\nprotectedNamespaces: [kube-system, kube-public, vault]\nlimits: {maxScale: 2}\n")));
    assertThat(source.current().killSwitch()).as("failed closed").isTrue();

    source.load(configMap(Map.of("safety.yaml", "killSwitch: false\n")));
    assertThat(source.current().killSwitch()).as("the valid ConfigMap applies").isFalse();

    source.load(configMap(Map.of("safety.yaml", "killSwitch: false\nlimits: {maxScale: 2}\n")));
    assertThat(source.current().killSwitch()).as("after a valid one, the last valid policy stays").isFalse();
  }

  private static ConfigMap configMap(Map<String, String> data) {
    return new ConfigMapBuilder().withNewMetadata().withName(ConfigMapPolicySource.NAME).withResourceVersion("1")
        .endMetadata().withData(data).build();
  }

  @Test
  void listenersAreToldOfEachChangeThatTookEffectWithThePolicyBeforeAndAfterButNotOfARefusalOrTheSameAgain() {
    ConfigMapPolicySource source = new ConfigMapPolicySource(null, "kubernaut-system");
    List<String> told = new java.util.ArrayList<>();
    source.whenChanged((before, after) -> told.add(before.retention() + " -> " + after.retention()));

    source.load(configMap(Map.of("retention", "2h")));
    source.load(configMap(Map.of("retention", "2h")));
    source.load(configMap(Map.of("retention", "soon")));
    source.load(configMap(Map.of("retention", "30m")));

    assertThat(told).containsExactly("PT24H -> PT2H", "PT2H -> PT30M");
  }

  @Test
  void aBudgetNodeShareThatIsNeitherACountNorAPercentageIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("safety.yaml", "budget: {minHealthyNodes: half}\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'budget.minHealthyNodes' in safety.yaml: \"half\" is neither a node count");
  }

  @Test
  void withoutABudgetSectionTheCautiousDefaultsApply() {
    PipelinePolicy policy = ConfigMapPolicySource.parse(Map.of("safety.yaml", "killSwitch: false\n"));
    assertThat(policy.safety().budget()).isEqualTo(io.kubernaut.ports.safety.DisruptionBudget.defaults());
  }

  @Test
  void aResourceCeilingThatIsNotAQuantityIsRefusedNamingWhere() {
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("safety.yaml",
        "byEnvironment: {production: {maxMemoryLimit: lots}}\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'byEnvironment.production.' in safety.yaml: maxMemoryLimit \"lots\" is not a Kubernetes quantity");
  }
}

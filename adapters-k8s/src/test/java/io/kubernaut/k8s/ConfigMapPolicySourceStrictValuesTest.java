package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.ports.pipeline.PipelinePolicy;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A value of {@code kubernaut-config} that would silently weaken the policy is refused, naming the
 * key and its file: a switch that is not YAML's true or false (the YAML 1.2 loader reads
 * {@code yes} and {@code on} as strings, which read as false turned a kill switch meant on off), and
 * a limit or threshold that is not a finite number (NaN passes every range check and then lets
 * everything through).
 */
class ConfigMapPolicySourceStrictValuesTest {

  static Stream<Arguments> weakeningValues() {
    return Stream.of(
        Arguments.of("safety.yaml", "killSwitch: yes\n", "'killSwitch' in safety.yaml must be true or false, got \"yes\""),
        Arguments.of("safety.yaml", "killSwitch: \"on\"\n", "'killSwitch' in safety.yaml must be true or false"),
        Arguments.of("safety.yaml", "killSwitch: 1\n", "'killSwitch' in safety.yaml must be true or false, got \"1\""),
        Arguments.of("safety.yaml", "dryRun: enabled\n", "'dryRun' in safety.yaml must be true or false"),
        Arguments.of("safety.yaml", "limits: {maxScaleFactor: .nan}\n",
            "'limits.maxScaleFactor' in safety.yaml must be a finite number"),
        Arguments.of("safety.yaml", "limits: {maxScaleFactor: NaN}\n",
            "'limits.maxScaleFactor' in safety.yaml must be a finite number, got \"NaN\""),
        Arguments.of("safety.yaml", "byEnvironment: {production: {maxResourceFactor: .inf}}\n",
            "'byEnvironment.production.maxResourceFactor' in safety.yaml must be a finite number"),
        Arguments.of("safety.yaml", "limits: {maxStorageFactor: NaN}\n",
            "'limits.maxStorageFactor' in safety.yaml must be a finite number"),
        Arguments.of("gates.yaml", "minConfidence: NaN\n", "gates.yaml minConfidence must be a number between 0 and 1"),
        Arguments.of("gates.yaml", "productionApprovalConfidence: .nan\n",
            "gates.yaml productionApprovalConfidence must be a number between 0 and 1"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("weakeningValues")
  void aValueThatWouldWeakenThePolicyIsRefused(String dataKey, String yaml, String message) {
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of(dataKey, yaml)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  /**
   * A duration past ten years is refused: {@code overall: 400000000000d} fitted a Duration, but added to a
   * remediation's start it passed the last instant Java holds, and every reconcile failed.
   */
  @Test
  void aDurationLongerThanTenYearsIsRefusedNotReadIntoADeadlineNoDateHolds() {
    assertThat(ConfigMapPolicySource.duration("3650d")).isEqualTo(java.time.Duration.ofDays(3650));
    assertThat(ConfigMapPolicySource.duration("8760h")).isEqualTo(java.time.Duration.ofDays(365));
    for (String huge : new String[] {"3651d", "400000000000d", "99999999999999999999s", "3649d24h1s"}) {
      assertThatThrownBy(() -> ConfigMapPolicySource.duration(huge)).as(huge).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is longer than 3650d");
    }
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("timeouts.yaml", "overall: 400000000000d\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("400000000000d");
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("retention", "1000000d")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 3650d");
  }

  /** A configured list of protected namespaces adds to kube-system and kube-public; it never opens them. */
  @Test
  void protectedNamespacesAddToKubeSystemAndKubePublic() {
    PipelinePolicy policy = ConfigMapPolicySource.parse(Map.of("safety.yaml", "protectedNamespaces: [vault]\n"));
    assertThat(policy.safety().protectedNamespaces()).containsExactlyInAnyOrder("vault", "kube-system", "kube-public");
  }

  /**
   * Each protected namespace must be a namespace name as it is: a pattern, another case, a number or a map protects no
   * namespace, so a version that lists one is refused rather than applied as protecting what it does not.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"[vault, \"payments-*\"]", "[Prod-DB]", "[{name: billing}]",
      "[vault, 42]", "[\"\"]", "[\"shop prod\"]"})
  void aProtectedNamespaceThatIsNotANamespaceNameIsRefusedNamingIt(String list) {
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("safety.yaml", "protectedNamespaces: " + list + "\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'protectedNamespaces[")
        .hasMessageContaining("is not a namespace name");
  }

  @Test
  void yamlBooleansAndFiniteNumbersStillParse() {
    PipelinePolicy policy = ConfigMapPolicySource.parse(Map.of(
        "safety.yaml", "killSwitch: true\ndryRun: false\nlimits: {maxScaleFactor: 3.5, maxResourceFactor: 2}\n",
        "gates.yaml", "minConfidence: 0.4\n"));
    assertThat(policy.killSwitch()).isTrue();
    assertThat(policy.dryRun()).isFalse();
    assertThat(policy.safety().limitsFor("production").maxScaleFactor()).isEqualTo(3.5);
    assertThat(policy.safety().limitsFor("production").bounds().maxResourceFactor()).isEqualTo(2.0);
    assertThat(policy.gates().minConfidence()).isEqualTo(0.4);
  }
}

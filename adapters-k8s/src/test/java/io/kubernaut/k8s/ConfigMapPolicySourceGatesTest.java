package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.ports.analysis.AnalysisGates;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigMapPolicySourceGatesTest {

  @Test
  void gatesYamlSetsBothThresholds() {
    var policy = ConfigMapPolicySource.parse(Map.of("gates.yaml", "minConfidence: 0.6\nproductionApprovalConfidence: 0.95\n"));

    assertThat(policy.gates()).isEqualTo(new AnalysisGates(0.6, 0.95));
  }

  @Test
  void autoApproveNodeActionsListsTheEnvironmentsWhereNodeActionsNeedNoApproval() {
    var policy = ConfigMapPolicySource.parse(Map.of("gates.yaml", "autoApproveNodeActions: [staging, Development]\n"));

    assertThat(policy.gates().autoApproveNodeActions()).containsExactlyInAnyOrder("staging", "development");
    assertThat(ConfigMapPolicySource.parse(Map.of()).gates().autoApproveNodeActions()).isEmpty();
  }

  @Test
  void autoApproveNodeActionsNamingAnUnknownEnvironmentOrNotAListIsRejected() {
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("gates.yaml", "autoApproveNodeActions: [prod]\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown environment \"prod\"");
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("gates.yaml", "autoApproveNodeActions: staging\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a list");
  }

  @Test
  void aMissingKeyOrFileKeepsTheSpecDefaults() {
    assertThat(ConfigMapPolicySource.parse(Map.of()).gates()).isEqualTo(new AnalysisGates(0.7, 0.8));
    assertThat(ConfigMapPolicySource.parse(Map.of("gates.yaml", "minConfidence: 0.5\n")).gates())
        .isEqualTo(new AnalysisGates(0.5, 0.8));
  }

  @Test
  void aThresholdOutsideZeroToOneOrNotANumberIsRejectedSoThePreviousPolicyStays() {
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("gates.yaml", "minConfidence: 7\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("gates.yaml", "productionApprovalConfidence: high\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("productionApprovalConfidence");
  }

  @org.junit.jupiter.api.Test
  void stormYamlOfTheChartBecomesThresholdsPerEnvironmentAndATopologyKeyIsRefused() {
    var policy = ConfigMapPolicySource.parse(java.util.Map.of("storm.yaml", """
        production: {duplicates: 4, windowCount: 2, window: 5m}
        staging: {duplicates: 8, windowCount: 5, window: 10m}
        """));
    org.assertj.core.api.Assertions.assertThat(policy.stormThresholds())
        .isEqualTo("production=4/2/5m,staging=8/5/10m");
    org.assertj.core.api.Assertions.assertThat(ConfigMapPolicySource.parse(java.util.Map.of()).stormThresholds()).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigMapPolicySource.parse(
        java.util.Map.of("storm.yaml", "production: {duplicates: 4}"))).hasMessageContaining("windowCount");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigMapPolicySource.parse(java.util.Map.of("storm.yaml",
        "production: {duplicates: 4, windowCount: 2, window: 5m}\ntopology: {enabled: true, resources: 5, window: 2m}\n")))
        .hasMessage("Unknown key 'topology' in storm.yaml: topology storms are set by KUBERNAUT_TOPOLOGY_STORM "
            + "(storms.topology in the chart), not here.");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "production: {duplicates: 0, windowCount: 2, window: 5m}|'production.duplicates' in storm.yaml must be a whole number from 1 up, got \"0\".",
      "production: {duplicates: 4.5, windowCount: 2, window: 5m}|'production.duplicates' in storm.yaml must be a whole number",
      "production: {duplicates: 4, windowCount: 33, window: 5m}|'production.windowCount' in storm.yaml must be a whole number from 1 to 32, got \"33\".",
      "production: {duplicates: 4, windowCount: 2, window: 1h30m}|'production.window' in storm.yaml must be one number (at most six digits) and one unit of s, m or h",
      "production: {duplicates: 4, windowCount: 2, window: 2d}|'production.window' in storm.yaml must be one number",
      "production: {duplicates: 4, windowCount: 2, window: 0m}|'production.window' in storm.yaml must be one number",
      "production: {duplicates: 4, windowCount: 2, window: 9999999999999999h}|'production.window' in storm.yaml must be one number"})
  void stormValuesTheDetectorCannotReadAreRefusedWithTheConfigMap(String yaml, String message) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigMapPolicySource.parse(java.util.Map.of("storm.yaml",
        yaml))).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
  }

  @Test
  void theSafetyWindowsAreTheLongestOfEveryEnvironmentAndTheHourOfAnActionsBudget() {
    var defaults = ConfigMapPolicySource.parse(java.util.Map.of()).safety();
    org.assertj.core.api.Assertions.assertThat(defaults.windows()).containsOnlyKeys("cooldown", "failureBlock",
        "oscillationWindow", "failedVerificationWindow", "maxActionsPerHour");

    var safety = ConfigMapPolicySource.parse(java.util.Map.of("safety.yaml",
        "limits: {cooldown: 2m}\nbyEnvironment:\n  production: {oscillationWindow: 6h, cooldown: 1m}\n")).safety();

    org.assertj.core.api.Assertions.assertThat(safety.windows()).containsEntry("cooldown", java.time.Duration.ofMinutes(2))
        .containsEntry("oscillationWindow", java.time.Duration.ofHours(6));
    org.assertj.core.api.Assertions.assertThat(safety.longestWindow()).isEqualTo(java.time.Duration.ofHours(6));
  }
}

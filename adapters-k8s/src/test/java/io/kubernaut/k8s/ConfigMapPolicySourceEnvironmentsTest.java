package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.ports.remediation.Environment;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code environments.yaml}: namespace name → environment, for namespaces without an environment label (SPEC §4). */
class ConfigMapPolicySourceEnvironmentsTest {

  @Test
  void namesNamespacesWithTheirEnvironment() {
    var policy = ConfigMapPolicySource.parse(Map.of("environments.yaml",
        "namespaces:\n  payments: production\n  qa-sandbox: Development\n  scratch: unknown\n"));

    assertThat(policy.environments()).containsOnly(Map.entry("payments", Environment.PRODUCTION),
        Map.entry("qa-sandbox", Environment.DEVELOPMENT), Map.entry("scratch", Environment.UNKNOWN));
  }

  @Test
  void noKeyAndAnEmptyFileMeanNoOverrides() {
    assertThat(ConfigMapPolicySource.parse(Map.of()).environments()).isEmpty();
    assertThat(ConfigMapPolicySource.parse(Map.of("environments.yaml", "")).environments()).isEmpty();
    assertThat(ConfigMapPolicySource.parse(Map.of("environments.yaml", "namespaces: {}\n")).environments()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "namespaces: {payments: prod}|'namespaces.payments' in environments.yaml must be production, staging, development or unknown, got \"prod\"",
      "namespaces: {payments: 3}|'namespaces.payments' in environments.yaml must be production",
      "namespaces: {Payments: production}|'namespaces.Payments' in environments.yaml is not a namespace name",
      "namespaces: {'-x': production}|'namespaces.-x' in environments.yaml is not a namespace name",
      "namespaces: [payments]|'namespaces' in environments.yaml must be a map of keys",
      "namespace: {payments: production}|Unknown key 'namespace' in environments.yaml"})
  void aWrongNameValueOrKeyIsRefusedNamingIt(String yaml, String message) {
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("environments.yaml", yaml)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
  }

  @Test
  void moreThanTheBoundIsRefused() {
    String many = IntStream.rangeClosed(0, ConfigMapPolicySource.MAX_ENVIRONMENT_OVERRIDES)
        .mapToObj(i -> "  ns-" + i + ": staging").collect(Collectors.joining("\n", "namespaces:\n", "\n"));

    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("environments.yaml", many)))
        .hasMessageContaining("at most 10000 are read");
  }

  @Test
  void theFailClosedPolicyKeepsNoOverridesAndTheKillSwitchOn() {
    assertThat(ConfigMapPolicySource.failClosed().environments()).isEmpty();
    assertThat(ConfigMapPolicySource.failClosed().killSwitch()).isTrue();
  }
}

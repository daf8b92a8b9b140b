package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.pipeline.RoutingPolicy;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.Priority;
import io.kubernaut.ports.workflow.RollbackStrategy;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code routing.yaml}: the path by environment × priority (SPEC §4) and the rollback strategy (SPEC §6). */
class ConfigMapPolicySourceRoutingTest {

  private static RoutingPolicy routing(String yaml) {
    return ConfigMapPolicySource.parse(Map.of("routing.yaml", yaml)).routing();
  }

  @Test
  void noKeyAndAnEmptyFileMeanTheDefaults() {
    assertThat(ConfigMapPolicySource.parse(Map.of()).routing()).isEqualTo(RoutingPolicy.defaults());
    assertThat(routing("")).isEqualTo(RoutingPolicy.defaults());
    assertThat(routing("paths: {}\nrollbackStrategy: {}\n")).isEqualTo(RoutingPolicy.defaults());
  }

  @Test
  void eachEntryLiesOnTopOfTheDefaults() {
    RoutingPolicy r = routing("""
        paths:
          production:
            P0: approval-required
            P1: Recommend-Only
          staging: approval_required
        rollbackStrategy:
          production: manual
          development: none
        """);

    assertThat(r.path(Environment.PRODUCTION, Priority.P0)).isEqualTo(RemediationPath.APPROVAL_REQUIRED);
    assertThat(r.path(Environment.PRODUCTION, Priority.P1)).isEqualTo(RemediationPath.RECOMMEND_ONLY);
    assertThat(r.path(Environment.PRODUCTION, Priority.P2)).as("the default").isEqualTo(RemediationPath.AUTOMATIC);
    assertThat(r.path(Environment.STAGING, Priority.P1)).isEqualTo(RemediationPath.APPROVAL_REQUIRED);
    assertThat(r.path(Environment.UNKNOWN, Priority.P2)).as("kept from the defaults")
        .isEqualTo(RemediationPath.APPROVAL_REQUIRED);
    assertThat(r.rollbackStrategy(Environment.PRODUCTION)).isEqualTo(RollbackStrategy.MANUAL);
    assertThat(r.rollbackStrategy(Environment.DEVELOPMENT)).isEqualTo(RollbackStrategy.NONE);
    assertThat(r.rollbackStrategy(Environment.STAGING)).isEqualTo(RollbackStrategy.AUTOMATIC);
  }

  @Test
  void defaultsAtEachLevelAndASingleValueForASection() {
    RoutingPolicy r = routing("""
        paths:
          default: recommend-only
          unknown: automatic
          production: {default: approval-required, P3: automatic}
        rollbackStrategy: manual
        """);

    assertThat(r.path(Environment.STAGING, Priority.P1)).isEqualTo(RemediationPath.RECOMMEND_ONLY);
    assertThat(r.path(Environment.UNKNOWN, Priority.P2)).isEqualTo(RemediationPath.AUTOMATIC);
    assertThat(r.path(Environment.PRODUCTION, Priority.P0)).isEqualTo(RemediationPath.APPROVAL_REQUIRED);
    assertThat(r.path(Environment.PRODUCTION, Priority.P3)).isEqualTo(RemediationPath.AUTOMATIC);
    for (Environment e : Environment.values()) {
      assertThat(r.rollbackStrategy(e)).as(e.name()).isEqualTo(RollbackStrategy.MANUAL);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "paths: {production: skipped}|'paths.production' in routing.yaml must be automatic, approval-required or recommend-only, got \"skipped\": a namespace is skipped by",
      "paths: {production: auto}|'paths.production' in routing.yaml must be automatic, approval-required or recommend-only, got \"auto\".",
      "paths: {prod: automatic}|Unknown key 'paths.prod' in routing.yaml",
      "paths: {production: {P4: automatic}}|Unknown key 'paths.production.P4' in routing.yaml; the keys read there are P0, P1, P2, P3, default.",
      "paths: {production: {p0: automatic}}|Unknown key 'paths.production.p0' in routing.yaml",
      "paths: {production: {P0: [automatic]}}|'paths.production.P0' in routing.yaml must be automatic",
      "paths: [automatic]|'paths.default' in routing.yaml must be automatic, approval-required or recommend-only, got \"[automatic]\".",
      "rollbackStrategy: {production: later}|'rollbackStrategy.production' in routing.yaml must be automatic, manual or none, got \"later\".",
      "rollbackStrategy: true|'rollbackStrategy.default' in routing.yaml must be automatic, manual or none",
      "rollback: manual|Unknown key 'rollback' in routing.yaml; the keys read there are paths, rollbackStrategy."})
  void aWrongKeyOrValueIsRefusedNamingIt(String yaml, String message) {
    assertThatThrownBy(() -> routing(yaml)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap configMap(Map<String, String> data) {
    return new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName(ConfigMapPolicySource.NAME)
        .withResourceVersion("1").endMetadata().withData(data).build();
  }

  @Test
  void anInvalidRoutingYamlIsNotAppliedTheWholeConfigMapWithIt() {
    ConfigMapPolicySource source = new ConfigMapPolicySource(null, "kubernaut-system");
    source.load(configMap(Map.of("routing.yaml", "rollbackStrategy: manual\n")));

    source.load(configMap(Map.of("routing.yaml", "rollbackStrategy: later\n", "safety.yaml", "killSwitch: true\n")));

    assertThat(source.current().routing().fallbackRollback()).as("the previous routing stays")
        .isEqualTo(RollbackStrategy.MANUAL);
    assertThat(source.current().killSwitch()).as("nothing else of the refused ConfigMap applies").isFalse();

    ConfigMapPolicySource fresh = new ConfigMapPolicySource(null, "kubernaut-system");
    fresh.load(configMap(Map.of("routing.yaml", "paths: {production: skipped}\n")));
    assertThat(fresh.current().killSwitch()).as("no valid policy since start: fails closed").isTrue();
  }

  @Test
  void theFailClosedPolicyKeepsTheDefaultRouting() {
    assertThat(ConfigMapPolicySource.failClosed().routing()).isEqualTo(RoutingPolicy.defaults());
  }
}

package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.safety.VerificationRules;
import io.kubernaut.ports.verification.SuccessCondition;
import io.kubernaut.ports.verification.VerificationCheck;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationPolicyParserTest {

  @Test
  void checksPerAlertAreReadWithTheirConditionsAndLimits() {
    PipelinePolicy policy = ConfigMapPolicySource.parse(Map.of("verification.yaml", """
        shippedDefaults: false
        alerts:
          KubePodCrashLooping:
            - name: restarts-stopped
              query: sum(increase(kube_pod_container_status_restarts_total{namespace="${namespace}",pod=~"${workload}-.*"}[2m]))
              successCondition: "== 0"
              interval: 1m
              count: 2
              failureLimit: 3
              inconclusiveLimit: 1
            - name: no-backoff
              query: kube_pod_container_status_waiting_reason{namespace="${namespace}",reason="CrashLoopBackOff"} > 0
              successCondition: empty
          NoisyAlert: []
        """));
    assertThat(policy.verification().shippedDefaults()).isFalse();
    assertThat(policy.verification().byAlert().get("KubePodCrashLooping")).containsExactly(
        new VerificationCheck("restarts-stopped", "sum(increase(kube_pod_container_status_restarts_total{namespace="
            + "\"${namespace}\",pod=~\"${workload}-.*\"}[2m]))", new SuccessCondition(SuccessCondition.Comparison.EQ, 0),
            Duration.ofMinutes(1), 2, 3, 1),
        new VerificationCheck("no-backoff", "kube_pod_container_status_waiting_reason{namespace=\"${namespace}\","
            + "reason=\"CrashLoopBackOff\"} > 0", new SuccessCondition(SuccessCondition.Comparison.EMPTY, 0),
            Duration.ofSeconds(30), 3, 0, 2));
    assertThat(policy.verification().byAlert().get("NoisyAlert")).isEmpty();
  }

  @Test
  void withoutVerificationYamlTheShippedChecksApply() {
    assertThat(ConfigMapPolicySource.parse(Map.of()).verification().shippedDefaults()).isTrue();
  }

  @Test
  void aConditionThatIsNeitherAComparisonNorEmptyIsRefusedNamingTheCheck() {
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("verification.yaml",
        "alerts: {A: [{name: c, query: up, successCondition: \"about 0\"}]}\n")))
        .hasMessageContaining("'alerts.A[0]' in verification.yaml").hasMessageContaining("\"about 0\"");
  }

  @Test
  void anUnknownPlaceholderIsRefused() {
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("verification.yaml",
        "alerts: {A: [{name: c, query: 'up{ns=\"${namespaces}\"}', successCondition: empty}]}\n")))
        .hasMessageContaining("unknown placeholder ${namespaces}");
  }

  @Test
  void aCheckWithoutAQueryOrWithARepeatedNameIsRefused() {
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("verification.yaml",
        "alerts: {A: [{name: c, successCondition: empty}]}\n"))).hasMessageContaining("needs 'query'");
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("verification.yaml",
        "alerts: {A: [{name: c, query: up, successCondition: empty}, {name: c, query: up, successCondition: empty}]}\n")))
        .hasMessageContaining("repeats check name 'c'");
  }

  @Test
  void aNegativeLimitIsRefused() {
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("verification.yaml",
        "alerts: {A: [{name: c, query: up, successCondition: empty, failureLimit: -1}]}\n")))
        .hasMessageContaining("the limits at least 0");
  }

  @Test
  void rollbackOnFailedVerificationIsReadPerEnvironmentAndDefaultsToApprovalInProduction() {
    PipelinePolicy defaults = ConfigMapPolicySource.parse(Map.of());
    assertThat(defaults.safety().limitsFor("production").verification().rollbackIn("production"))
        .isEqualTo(VerificationRules.Rollback.APPROVAL);
    assertThat(defaults.safety().limitsFor("staging").verification().rollbackIn("staging"))
        .isEqualTo(VerificationRules.Rollback.AUTOMATIC);
    PipelinePolicy set = ConfigMapPolicySource.parse(Map.of("safety.yaml", """
        limits: {failedVerificationThreshold: 2, failedVerificationWindow: 1h}
        byEnvironment: {production: {rollbackOnFailedVerification: true}, staging: {rollbackOnFailedVerification: false}}
        """));
    assertThat(set.safety().limitsFor("production").verification().rollbackIn("production"))
        .isEqualTo(VerificationRules.Rollback.AUTOMATIC);
    assertThat(set.safety().limitsFor("staging").verification().rollbackIn("staging"))
        .isEqualTo(VerificationRules.Rollback.OFF);
    assertThat(set.safety().limitsFor("staging").verification().failedThreshold()).isEqualTo(2);
    assertThat(set.safety().limitsFor("staging").verification().failedWindow()).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> ConfigMapPolicySource.parse(Map.of("safety.yaml",
        "limits: {rollbackOnFailedVerification: maybe}\n"))).hasMessageContaining("true, false or approval");
  }
}

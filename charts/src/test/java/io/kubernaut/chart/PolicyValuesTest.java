package io.kubernaut.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.kubernaut.k8s.ConfigMapPolicySource;
import io.kubernaut.ports.analysis.AnalysisGates;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.pipeline.RoutingPolicy;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.Priority;
import io.kubernaut.ports.workflow.RollbackStrategy;
import io.kubernaut.ports.pipeline.TimeoutSettings;
import io.kubernaut.ports.safety.SafetyLimits;
import io.kubernaut.ports.safety.SafetyPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@code config} values reach the operator: the rendered ConfigMap {@code kubernaut-config}
 * is parsed by the operator's own parser, and every key the chart writes is one that parser reads
 * (an unread key would be a setting that silently does nothing).
 */
class PolicyValuesTest {

  private static Map<String, String> data(RenderedChart chart) {
    return chart.one(ConfigMap.class, ConfigMapPolicySource.NAME).getData();
  }

  @Test
  void theDefaultValuesGiveTheOperatorsDefaultPolicy() {
    PipelinePolicy policy = ConfigMapPolicySource.parse(data(RenderedChart.withValues()));
    PipelinePolicy defaults = PipelinePolicy.defaults();
    assertThat(policy.timeouts()).isEqualTo(defaults.timeouts());
    assertThat(policy.retention()).isEqualTo(defaults.retention());
    assertThat(policy.dryRun()).isFalse();
    assertThat(policy.killSwitch()).isFalse();
    assertThat(policy.gates()).isEqualTo(defaults.gates());
    assertThat(policy.safety()).isEqualTo(defaults.safety());
    assertThat(policy.stormThresholds()).isEqualTo("development=10/8/15m,production=5/3/5m,staging=8/5/10m");
    assertThat(policy.routing()).isEqualTo(RoutingPolicy.defaults());
  }

  /**
   * The operator's parsers are strict: a data key or YAML key they do not read is refused naming it
   * (ConfigMapPolicySourceStrictKeysTest), so parsing the rendered ConfigMap is the whole check.
   */
  @Test
  void everyKeyTheChartWritesIsOneTheOperatorReads() {
    for (String values : new String[] {"policy.yaml", "custom.yaml"}) {
      Map<String, String> data = data(RenderedChart.withValues(values));
      assertThat(data.keySet()).as(values).containsExactlyInAnyOrderElementsOf(ConfigMapPolicySource.DATA_KEYS);
      assertThatCode(() -> ConfigMapPolicySource.parse(data)).as(values).doesNotThrowAnyException();
    }
    assertThatCode(() -> ConfigMapPolicySource.parse(data(RenderedChart.withValues()))).doesNotThrowAnyException();
  }

  @Test
  void durationsInDaysAsTheOperatorReadsThemPassTheSchema() {
    Map<String, String> data = data(RenderedChart.rendered(RenderedChart.template().set("config.retention", "7d")
        .set("config.timeouts.overall", "1d12h")));

    PipelinePolicy policy = ConfigMapPolicySource.parse(data);
    assertThat(policy.retention()).isEqualTo(Duration.ofDays(7));
    assertThat(policy.timeouts().defaults().get("overall")).isEqualTo(Duration.ofHours(36));
  }

  @Test
  void aKeyTheOperatorDoesNotReadIsRefusedNamingIt() {
    Map<String, String> data = new HashMap<>(data(RenderedChart.withValues()));
    data.put("safety.yaml", data.get("safety.yaml") + "maxScaleFactor: 2\n");

    assertThatThrownBy(() -> ConfigMapPolicySource.parse(data))
        .hasMessageStartingWith("Unknown key 'maxScaleFactor' in safety.yaml");
  }

  @Test
  void everyConfigValueReachesTheOperatorsPolicy() {
    PipelinePolicy policy = ConfigMapPolicySource.parse(data(RenderedChart.withValues("policy.yaml")));

    assertThat(policy.timeouts()).isEqualTo(new TimeoutSettings(
        Map.of("overall", Duration.ofHours(2), "processing", Duration.ofMinutes(6), "analysis", Duration.ofMinutes(11),
            "approval", Duration.ofMinutes(30), "workflow", Duration.ofMinutes(25), "executionStep", Duration.ofMinutes(12)),
        Map.of("production", Map.of("workflow", Duration.ofMinutes(40))),
        Map.of("critical", Map.of("overall", Duration.ofMinutes(45)))));
    assertThat(policy.killSwitch()).isTrue();
    assertThat(policy.dryRun()).isTrue();
    SafetyLimits limits = new SafetyLimits(40, 2.5, 2, Duration.ofMinutes(10), 4, Duration.ofHours(2), Duration.ofHours(3),
        5, Duration.ofMinutes(7), 2);
    assertThat(policy.safety()).isEqualTo(new SafetyPolicy(limits,
        Map.of("production", new SafetyLimits(20, 2.5, 2, Duration.ofMinutes(10), 4, Duration.ofHours(2),
            Duration.ofHours(3), 5, Duration.ofMinutes(15), 2)),
        Set.of("kube-system", "vault")));
    assertThat(policy.gates()).isEqualTo(new AnalysisGates(0.6, 0.9));
    assertThat(policy.stormThresholds()).isEqualTo("development=11/9/1h,production=4/2/1m,staging=9/6/20m");
    assertThat(policy.retention()).isEqualTo(Duration.ofHours(12));
    assertThat(policy.environments()).isEqualTo(Map.of("payments", io.kubernaut.ports.remediation.Environment.PRODUCTION,
        "qa-sandbox", io.kubernaut.ports.remediation.Environment.DEVELOPMENT));
    assertThat(policy.routing()).isEqualTo(new RoutingPolicy(RemediationPath.APPROVAL_REQUIRED,
        Map.of(Environment.UNKNOWN, RemediationPath.APPROVAL_REQUIRED, Environment.DEVELOPMENT, RemediationPath.AUTOMATIC,
            Environment.PRODUCTION, RemediationPath.APPROVAL_REQUIRED),
        Map.of(Environment.PRODUCTION, Map.of(Priority.P0, RemediationPath.RECOMMEND_ONLY)),
        RollbackStrategy.MANUAL, Map.of(Environment.DEVELOPMENT, RollbackStrategy.NONE)));
  }

  /** The rendered notifications.yaml goes through the notification adapter's own parser and route compiler. */
  @Test
  void theRenderedNotificationRoutesAreReadByTheNotificationParser() {
    for (String values : new String[] {null, "notifications.yaml"}) {
      RenderedChart chart = values == null ? RenderedChart.withValues() : RenderedChart.withValues(values);
      Map<String, String> env = new HashMap<>();
      chart.env().values().forEach(e -> env.put(e.getName(),
          e.getValue() != null ? e.getValue() : "https://set-from-a-secret.example/" + e.getName()));
      String yaml = data(chart).get("notifications.yaml");
      assertThatCode(() -> io.kubernaut.http.notify.NotificationModule.check(yaml, env::get,
          new io.kubernaut.core.notification.NotificationRouter())).as(values == null ? "defaults" : values)
          .doesNotThrowAnyException();
    }
    Map<String, String> typo = data(RenderedChart.withValues());
    assertThatThrownBy(() -> io.kubernaut.http.notify.NotificationModule.check(
        typo.get("notifications.yaml").replace("logConfigs", "logConfig"), name -> null,
        new io.kubernaut.core.notification.NotificationRouter()))
        .hasMessageContaining("logConfig");
  }
}

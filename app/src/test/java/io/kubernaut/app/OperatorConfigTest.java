package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void everySettingHasItsDocumentedDefault() {
    OperatorConfig config = OperatorConfig.from(Map.of());
    assertThat(config.mode()).isEqualTo(OperatorConfig.Mode.AUTO);
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.namespace()).isEqualTo("kubernaut-system");
    assertThat(config.dataDir().getFileName()).hasToString(".kubernaut");
    assertThat(config.pluginsDir()).isEqualTo(config.dataDir().resolve("plugins"));
    assertThat(config.investigators()).containsExactly("rules");
    assertThat(config.maxBodyBytes()).isEqualTo(256 * 1024);
    assertThat(config.apiToken()).isEmpty();
    assertThat(config.pluginConcurrency()).isEqualTo(8);
    assertThat(config.investigationConcurrency()).isEqualTo(8);
    assertThat(config.pluginLoadTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
    assertThat(config.pluginPins()).isSameAs(io.kubernaut.plugin.host.JarPins.NONE);
  }

  @Test
  void aMalformedPluginJarPinOrPoolSizeIsRejectedNamingTheVariable() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_PLUGIN_SHA256", "acme/acme.jar=not-a-digest")))
        .hasMessageContaining("KUBERNAUT_PLUGIN_SHA256").hasMessageContaining("acme/acme.jar=not-a-digest");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_PLUGIN_CONCURRENCY", "0")))
        .hasMessageContaining("KUBERNAUT_PLUGIN_CONCURRENCY must be between 1 and 256");
  }

  @Test
  void aSwitchThatIsNeitherTrueNorFalseIsRefusedNamingTheVariable() {
    // Read as Boolean.parseBoolean, "yes" was false: leader election or impersonation meant on, silently off.
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_LEADER_ELECTION", "yes")).leaderElection())
        .hasMessage("KUBERNAUT_LEADER_ELECTION must be true or false, got \"yes\".");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_ACTION_IMPERSONATION", "1")).actionImpersonation())
        .hasMessage("KUBERNAUT_ACTION_IMPERSONATION must be true or false, got \"1\".");
    assertThat(OperatorConfig.from(Map.of("KUBERNAUT_ACTION_IMPERSONATION", "TRUE")).actionImpersonation()).isTrue();
    assertThat(OperatorConfig.from(Map.of("KUBERNAUT_LEADER_ELECTION", "false")).leaderElection()).isFalse();
  }

  @Test
  void theInvestigationConcurrencyIsReadAndOutOfRangeIsRefusedNamingTheVariable() {
    assertThat(OperatorConfig.from(Map.of("KUBERNAUT_INVESTIGATION_CONCURRENCY", "2")).investigationConcurrency())
        .isEqualTo(2);
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_INVESTIGATION_CONCURRENCY", "0")))
        .hasMessageContaining("KUBERNAUT_INVESTIGATION_CONCURRENCY must be between 1 and 256");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_INVESTIGATION_CONCURRENCY", "many")))
        .hasMessageContaining("KUBERNAUT_INVESTIGATION_CONCURRENCY");
  }

  @Test
  void unsetEnabledListsEnableEverythingAndOnlyKubeStateMetricsExportsNamespaces() {
    OperatorConfig config = OperatorConfig.from(Map.of("KUBERNAUT_ENABLED_PLUGINS", " "));
    assertThat(config.enabledActions()).isEmpty();
    assertThat(config.enabledPlugins()).isEmpty();
    assertThat(config.exportedNamespaceJobs()).containsExactly("kube-state-metrics");
  }

  @Test
  void enabledListsAreCommaSeparatedAndNoneMeansNothing() {
    OperatorConfig config = OperatorConfig.from(Map.of("KUBERNAUT_ENABLED_ACTIONS", "restart_pod, drain_node,,",
        "KUBERNAUT_ENABLED_PLUGINS", "none", "KUBERNAUT_EXPORTED_NAMESPACE_JOBS", "kube-state-metrics,node-exporter"));
    assertThat(config.enabledActions()).contains(Set.of("restart_pod", "drain_node"));
    assertThat(config.enabledPlugins()).contains(Set.of());
    assertThat(config.exportedNamespaceJobs()).containsExactlyInAnyOrder("kube-state-metrics", "node-exporter");
    assertThat(OperatorConfig.from(Map.of("KUBERNAUT_EXPORTED_NAMESPACE_JOBS", "none")).exportedNamespaceJobs()).isEmpty();
  }

  @Test
  void watchdogAndInfoInhibitorAreIgnoredByDefaultAndTheListIsCommaSeparatedWithNoneForNothing() {
    assertThat(OperatorConfig.from(Map.of()).ignoredAlerts()).containsExactlyInAnyOrder("Watchdog", "InfoInhibitor");
    assertThat(OperatorConfig.from(Map.of("KUBERNAUT_IGNORED_ALERTS", "Watchdog, DeadMansSwitch,")).ignoredAlerts())
        .containsExactlyInAnyOrder("Watchdog", "DeadMansSwitch");
    assertThat(OperatorConfig.from(Map.of("KUBERNAUT_IGNORED_ALERTS", "none")).ignoredAlerts()).isEmpty();
  }

  @Test
  void theLateFiringWindowIsTenMinutesUnlessSetAndMustLieBetweenZeroAndADay() {
    assertThat(OperatorConfig.from(Map.of()).lateFiringWindow()).isEqualTo(java.time.Duration.ofMinutes(10));
    assertThat(OperatorConfig.from(Map.of("KUBERNAUT_LATE_FIRING_WINDOW_SECONDS", "0")).lateFiringWindow()).isZero();
    assertThat(OperatorConfig.from(Map.of("KUBERNAUT_LATE_FIRING_WINDOW_SECONDS", "86400")).lateFiringWindow())
        .isEqualTo(java.time.Duration.ofDays(1));
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_LATE_FIRING_WINDOW_SECONDS", "86401")))
        .hasMessageContaining("KUBERNAUT_LATE_FIRING_WINDOW_SECONDS");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_LATE_FIRING_WINDOW_SECONDS", "10m")))
        .hasMessageContaining("KUBERNAUT_LATE_FIRING_WINDOW_SECONDS");
  }

  @Test
  void withoutMonitoringUrlsNothingIsConfiguredAndSilencesAreOff() {
    io.kubernaut.http.verification.VerificationSettings monitoring = OperatorConfig.from(Map.of()).verificationSettings();
    assertThat(monitoring.prometheus()).isEmpty();
    assertThat(monitoring.alertmanager()).isEmpty();
    assertThat(monitoring.silences()).isFalse();
    assertThat(monitoring.timeout()).isEqualTo(java.time.Duration.ofSeconds(5));
  }

  @Test
  void monitoringUrlsAndCredentialsAreReadAndSilencesFollowTheAlertmanager() {
    io.kubernaut.http.verification.VerificationSettings monitoring = OperatorConfig.from(Map.of(
        "KUBERNAUT_PROMETHEUS_URL", "http://prometheus:9090/prefix", "KUBERNAUT_PROMETHEUS_TOKEN_FILE", "/run/token",
        "KUBERNAUT_ALERTMANAGER_URL", "https://am:9093", "KUBERNAUT_ALERTMANAGER_USERNAME", "ops",
        "KUBERNAUT_ALERTMANAGER_PASSWORD", "pw", "KUBERNAUT_SILENCES", "true",
        "KUBERNAUT_MONITORING_TIMEOUT_SECONDS", "2")).verificationSettings();
    assertThat(monitoring.prometheus()).hasValueSatisfying(p -> {
      assertThat(p.url()).hasToString("http://prometheus:9090/prefix");
      assertThat(p.tokenFile()).contains(Path.of("/run/token"));
    });
    assertThat(monitoring.alertmanager()).hasValueSatisfying(a -> assertThat(a.password()).contains("pw"));
    assertThat(monitoring.silences()).isTrue();
    assertThat(monitoring.timeout()).isEqualTo(java.time.Duration.ofSeconds(2));
  }

  @Test
  void silencesWithoutAnAlertmanagerStopTheStartNamingBothVariables() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_SILENCES", "true")))
        .hasMessage("KUBERNAUT_SILENCES=true needs KUBERNAUT_ALERTMANAGER_URL: silences are created in Alertmanager. "
            + "Set the URL, or set KUBERNAUT_SILENCES=false.");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_SILENCES", "yes")))
        .hasMessage("KUBERNAUT_SILENCES must be true or false, got \"yes\".");
  }

  @Test
  void monitoringCredentialsThatCannotBeUsedStopTheStartWithoutPrintingThem() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_PROMETHEUS_TOKEN", "s3cret")))
        .hasMessage("KUBERNAUT_PROMETHEUS_TOKEN is set but KUBERNAUT_PROMETHEUS_URL is not.");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_ALERTMANAGER_URL", "http://am:9093",
        "KUBERNAUT_ALERTMANAGER_TOKEN", "s3cret", "KUBERNAUT_ALERTMANAGER_USERNAME", "ops",
        "KUBERNAUT_ALERTMANAGER_PASSWORD", "pw")))
        .hasMessage("KUBERNAUT_ALERTMANAGER_*: takes a bearer token or basic auth, not both.");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_PROMETHEUS_URL", "prometheus:9090")))
        .hasMessageStartingWith("KUBERNAUT_PROMETHEUS_*: must be an http or https URL with a host");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_PROMETHEUS_URL", "http://x:9090",
        "KUBERNAUT_MONITORING_TIMEOUT_SECONDS", "0")))
        .hasMessage("KUBERNAUT_MONITORING_TIMEOUT_SECONDS must be between 1 and 300, got 0.");
  }

  @Test
  void unknownModeIsRejectedWithTheAllowedValues() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_MODE", "kind")))
        .hasMessageContaining("auto, cluster or embedded");
  }

  @Test
  void nonNumericPortIsRejectedNamingTheVariable() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_HTTP_PORT", "eighty")))
        .hasMessageContaining("KUBERNAUT_HTTP_PORT");
  }

  /**
   * The table under "## Environment variables" in docs/configuration.md: one row per setting, with
   * the code's default ({@code unset} when empty) and a meaning that starts with the code's description.
   */
  @Test
  void everySettingIsInTheConfigurationDocWithItsDefaultAndDescriptionAndNothingElseIs() throws Exception {
    Path doc = Path.of("..", "docs", "configuration.md");
    assertThat(doc).exists();
    Map<String, List<String>> rows = environmentTable(Files.readString(doc));
    Set<String> declared = OperatorConfig.SETTINGS.stream().map(Setting::name).collect(Collectors.toSet());
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(declared);
    for (Setting s : OperatorConfig.SETTINGS) {
      List<String> cells = rows.get(s.name());
      assertThat(cells.get(0)).as("default of %s", s.name())
          .isEqualTo(s.defaultValue().isEmpty() ? "unset" : "`" + s.defaultValue() + "`");
      assertThat(cells.get(1)).as("meaning of %s", s.name()).startsWith(s.description());
    }
  }

  @Test
  void theTableReaderTakesOnlyTheRowsOfTheEnvironmentSection() {
    String text = """
        # Configuration
        | `KUBERNAUT_BEFORE` | `x` | not in the section |
        ## Environment variables

        | variable | default | meaning |
        |---|---|---|
        | `KUBERNAUT_MODE` | `auto` | Mode. More. |
        | `KUBERNAUT_DB_URL` | unset | Url. |

        ## ConfigMap
        | `KUBERNAUT_AFTER` | `y` | not in the section |
        """;
    assertThat(environmentTable(text)).containsOnlyKeys("KUBERNAUT_MODE", "KUBERNAUT_DB_URL")
        .containsEntry("KUBERNAUT_MODE", List.of("`auto`", "Mode. More."))
        .containsEntry("KUBERNAUT_DB_URL", List.of("unset", "Url."));
  }

  /** Variable → [default cell, meaning cell] of the rows under "## Environment variables". */
  static Map<String, List<String>> environmentTable(String markdown) {
    int from = markdown.indexOf("\n## Environment variables\n");
    assertThat(from).as("a section \"## Environment variables\"").isNotNegative();
    int to = markdown.indexOf("\n## ", from + 1);
    String section = markdown.substring(from, to < 0 ? markdown.length() : to);
    Matcher m = Pattern.compile("^\\| `(KUBERNAUT_[A-Z0-9_]+)` \\| (.*?) \\| (.*) \\|$", Pattern.MULTILINE).matcher(section);
    Map<String, List<String>> rows = new LinkedHashMap<>();
    while (m.find()) {
      assertThat(rows.put(m.group(1), List.of(m.group(2).strip(), m.group(3).strip())))
          .as("%s is documented once", m.group(1)).isNull();
    }
    return rows;
  }
}

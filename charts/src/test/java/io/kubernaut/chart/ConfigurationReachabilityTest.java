package io.kubernaut.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every operator setting (SPEC §14, and the table in docs/configuration.md) can be set through values. */
class ConfigurationReachabilityTest {

  /** SPEC §14's environment table. Change it only together with docs/configuration.md and the chart. */
  static final List<String> SPEC_VARIABLES = List.of(
      "KUBERNAUT_MODE", "KUBERNAUT_HTTP_PORT", "KUBERNAUT_DATA_DIR", "KUBERNAUT_NAMESPACE", "KUBERNAUT_API_TOKEN",
      "KUBERNAUT_PLUGINS_DIR", "KUBERNAUT_DB_URL", "KUBERNAUT_DB_USER", "KUBERNAUT_DB_PASSWORD",
      "KUBERNAUT_INVESTIGATORS", "KUBERNAUT_LLM_URL", "KUBERNAUT_LLM_MODEL", "KUBERNAUT_LLM_API_KEY",
      "KUBERNAUT_HOLMESGPT_URL");

  private static final Pattern TABLE_ROW_FIRST_CELL = Pattern.compile("^\\|([^|]*)\\|");
  private static final Pattern BACKTICKED_VARIABLE = Pattern.compile("`(KUBERNAUT_[A-Z0-9_]+)`");

  /** custom.yaml sets every optional setting, so every variable the chart can set is rendered. */
  private final RenderedChart chart = RenderedChart.withValues("custom.yaml");

  /**
   * The monitoring credentials custom.yaml leaves out: each API takes one credential (a token, a
   * token file, or basic auth), so these two files render the other ones.
   */
  private final List<RenderedChart> otherCredentials = List.of(RenderedChart.withValues("monitoring-basic-auth.yaml"),
      RenderedChart.withValues("monitoring-tokens.yaml"));

  @Test
  void everySpecEnvironmentVariableIsSetFromValues() {
    assertThat(chart.env()).containsKeys(SPEC_VARIABLES.toArray(String[]::new));
    assertThat(chart.env()).containsKey("KUBERNAUT_NOTIFY_CONFIG");
  }

  @Test
  void everyVariableInTheConfigurationDocTablesIsSetFromValues() throws IOException {
    Path doc = Path.of(System.getProperty("configuration.doc", "../docs/configuration.md"));
    assertThat(doc).as("the configuration reference").exists();

    List<String> documented = tableVariables(Files.readAllLines(doc));

    assertThat(documented).as("KUBERNAUT_* rows of the tables in " + doc).isNotEmpty();
    Set<String> settable = new HashSet<>(chart.env().keySet());
    otherCredentials.forEach(rendered -> settable.addAll(rendered.env().keySet()));
    assertThat(settable)
        .as("Each documented variable needs a value in charts/kubernaut/values.yaml and an env entry in the Deployment")
        .containsAll(documented);
  }

  /**
   * The reverse direction: every variable the Deployment sets is one the operator reads. This module
   * cannot see {@code app}'s {@code OperatorConfig}, so it compares against the environment table of
   * docs/configuration.md, which {@code OperatorConfigTest} holds equal to {@code OperatorConfig.SETTINGS}.
   * {@code JAVA_TOOL_OPTIONS} is the JVM's own; {@code extraEnv} is left to the user and unset here.
   */
  @Test
  void everyVariableTheDeploymentSetsIsOneTheOperatorDeclares() throws IOException {
    Path doc = Path.of(System.getProperty("configuration.doc", "../docs/configuration.md"));
    List<String> declared = tableVariables(Files.readAllLines(doc));

    List<RenderedChart> renders = new ArrayList<>(List.of(RenderedChart.withValues(), chart,
        RenderedChart.withValues("policy.yaml")));
    renders.addAll(otherCredentials);
    for (RenderedChart rendered : renders) {
      assertThat(rendered.env().keySet()).as("variables the Deployment sets")
          .filteredOn(name -> !name.equals("JAVA_TOOL_OPTIONS"))
          .isSubsetOf(declared);
    }
  }

  @Test
  void theChartPassesNoneWhenEveryActionIsDisabledAndTheExportedNamespaceJobsAsAList() {
    assertThat(RenderedChart.withValues().env().get("KUBERNAUT_EXPORTED_NAMESPACE_JOBS").getValue())
        .isEqualTo("kube-state-metrics");
    RenderedChart nothingEnabled = RenderedChart.withValues("no-actions.yaml");
    assertThat(nothingEnabled.env().get("KUBERNAUT_ENABLED_ACTIONS").getValue()).isEqualTo("none");
    assertThat(nothingEnabled.env().get("KUBERNAUT_EXPORTED_NAMESPACE_JOBS").getValue())
        .isEqualTo("kube-state-metrics,node-exporter");
  }

  @Test
  void theChartPassesTheIgnoredAlertsAsAListAndNoneForAnEmptyList() {
    assertThat(RenderedChart.withValues().env().get("KUBERNAUT_IGNORED_ALERTS").getValue())
        .isEqualTo("Watchdog,InfoInhibitor");
    assertThat(RenderedChart.withValues("no-actions.yaml").env().get("KUBERNAUT_IGNORED_ALERTS").getValue())
        .isEqualTo("none");
  }

  @Test
  void theChartPassesTheLateFiringWindowInWholeSecondsWithZeroKept() {
    assertThat(RenderedChart.withValues().env().get("KUBERNAUT_LATE_FIRING_WINDOW_SECONDS").getValue()).isEqualTo("600");
    assertThat(RenderedChart.withValues("no-actions.yaml").env().get("KUBERNAUT_LATE_FIRING_WINDOW_SECONDS").getValue())
        .isEqualTo("0");
    assertThat(RenderedChart.withValues("unset-late-window.yaml").env())
        .as("unset is the operator's default, not a window of 0").doesNotContainKey("KUBERNAUT_LATE_FIRING_WINDOW_SECONDS");
  }

  @Test
  void theChartPassesEachMonitoringCredentialAsTheOneVariableItIs() {
    assertThat(chart.env().get("KUBERNAUT_PROMETHEUS_TOKEN_FILE").getValue())
        .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/token");
    assertThat(chart.env().get("KUBERNAUT_ALERTMANAGER_TOKEN").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("kubernaut-alertmanager");
    assertThat(chart.env().get("KUBERNAUT_SILENCES").getValue()).isEqualTo("true");
    assertThat(chart.env()).doesNotContainKeys("KUBERNAUT_ALERTMANAGER_PASSWORD", "KUBERNAUT_PROMETHEUS_TOKEN");
    RenderedChart basic = otherCredentials.get(0);
    assertThat(basic.env().get("KUBERNAUT_PROMETHEUS_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("password");
    assertThat(basic.env()).doesNotContainKeys("KUBERNAUT_PROMETHEUS_TOKEN", "KUBERNAUT_ALERTMANAGER_TOKEN");
    assertThat(RenderedChart.withValues().env()).doesNotContainKeys("KUBERNAUT_PROMETHEUS_URL",
        "KUBERNAUT_ALERTMANAGER_URL");
    assertThat(RenderedChart.withValues().env().get("KUBERNAUT_SILENCES").getValue()).isEqualTo("false");
  }

  @Test
  void tableParserFindsEveryBacktickedVariableInTheFirstCell() {
    List<String> lines = List.of(
        "| variable | default | meaning |",
        "|---|---|---|",
        "| `KUBERNAUT_MODE` | `auto` | mode |",
        "| `KUBERNAUT_DB_URL`, `KUBERNAUT_DB_USER` | unset | db, not `KUBERNAUT_OTHER` |",
        "Prose mentioning `KUBERNAUT_PROSE` is not a row.");

    assertThat(tableVariables(lines)).containsExactly("KUBERNAUT_MODE", "KUBERNAUT_DB_URL", "KUBERNAUT_DB_USER");
  }

  static List<String> tableVariables(List<String> lines) {
    return lines.stream()
        .map(String::strip)
        .map(TABLE_ROW_FIRST_CELL::matcher)
        .filter(Matcher::find)
        .flatMap(row -> BACKTICKED_VARIABLE.matcher(row.group(1)).results().map(m -> m.group(1)))
        .distinct()
        .toList();
  }
}

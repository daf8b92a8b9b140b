package io.kubernaut.chart;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;

/** values.schema.json makes Helm refuse bad values before anything is rendered. */
class ValuesSchemaTest {

  private static final String SCHEMA_FAILURE = "values don't meet the specifications of the schema";

  private static void assertRejected(TemplateCommand command, String offendingPath) {
    assertThatThrownBy(command::call)
        .hasMessageContaining(SCHEMA_FAILURE)
        .hasMessageContaining("- " + offendingPath);
  }

  @Test
  void negativeReplicaCountIsRejected() {
    assertRejected(RenderedChart.template().set("replicaCount", -1), "replicaCount: Must be greater than or equal to 0");
  }

  @Test
  void unknownModeIsRejected() {
    assertRejected(RenderedChart.template().set("mode", "embedded"), "mode:");
  }

  @Test
  void unknownTopLevelKeyIsRejected() {
    assertRejected(RenderedChart.template().set("replicas", 3), "(root): Additional property replicas is not allowed");
  }

  @Test
  void unknownInvestigatorIsRejected() {
    assertRejected(RenderedChart.template().set("investigators", "gpt"), "investigators:");
  }

  @Test
  void wildcardVerbInAnActionRuleIsRejected() {
    assertRejected(RenderedChart.template("wildcard-action.yaml"), "actions.restart_pod.rules.0.verbs.0:");
  }

  @Test
  void aPluginJarPinThatIsNotASha256IsRejected() {
    assertRejected(RenderedChart.template().set("plugins[0].name", "acme").set("plugins[0].image", "acme:1")
        .set("plugins[0].sha256.acme\\.jar", "abc"), "plugins.0.sha256.acme.jar: Does not match pattern");
  }

  @Test
  void pluginWithoutImageIsRejected() {
    assertRejected(RenderedChart.template().set("plugins[0].name", "acme"), "plugins.0: image is required");
  }

  @Test
  void aRouteThatSkipsOrAnUnknownEnvironmentIsRejected() {
    assertRejected(RenderedChart.template().set("config.routing.paths.production", "skipped"),
        "config.routing.paths.production:");
    assertRejected(RenderedChart.template().set("config.routing.paths.prod", "automatic"), "config.routing.paths:");
    assertRejected(RenderedChart.template().set("config.routing.paths.default.P0", "automatic"),
        "config.routing.paths.default:");
    assertRejected(RenderedChart.template().set("config.routing.rollbackStrategy.production", "later"),
        "config.routing.rollbackStrategy:");
  }

  @Test
  void aStormWindowTheOperatorRefusesIsRejected() {
    assertRejected(RenderedChart.template().set("config.storm.production.window", "0m"),
        "config.storm.production.window: Does not match pattern");
  }

  /**
   * Without a ServiceAccount of its own the operator's ClusterRole, Role and admission-policy exemptions would be bound
   * to the namespace's default one, which every pod there runs as.
   */
  @Test
  void noServiceAccountOfItsOwnIsRejected() {
    assertRejected(RenderedChart.template().set("serviceAccount.create", false), "serviceAccount.name: String length must be greater than or equal to 1");
    assertRejected(RenderedChart.template().set("serviceAccount.create", false).set("serviceAccount.name", "default"),
        "serviceAccount.name: Must not validate the schema (not)");
    assertThatCode(() -> RenderedChart.template().set("serviceAccount.create", false)
        .set("serviceAccount.name", "kubernaut-operator").call()).doesNotThrowAnyException();
  }

  /** Without leader election every replica reconciles every remediation of its shard: one replica at most. */
  @Test
  void moreThanOneReplicaWithoutLeaderElectionIsRejected() {
    assertRejected(RenderedChart.template().set("leaderElection.enabled", false),
        "replicaCount: Must be less than or equal to 1");
    assertThatCode(() -> RenderedChart.template().set("leaderElection.enabled", false).set("replicaCount", 1).call())
        .doesNotThrowAnyException();
  }

  @Test
  void aProtectedNamespaceThatIsNotANamespaceNameIsRejected() {
    assertRejected(RenderedChart.template().set("config.safety.protectedNamespaces[0]", "payments-*"),
        "config.safety.protectedNamespaces.0: Does not match pattern");
  }

  @Test
  void validNonDefaultValuesAreAccepted() {
    assertThatCode(() -> RenderedChart.template("custom.yaml").set("replicaCount", 0).call())
        .doesNotThrowAnyException();
  }
}

package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.KubernetesConnection;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.pipeline.ChildKind;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Restart drills: the operator loses its API server at a phase boundary, or inside Executing, at
 * the worst moment (its last write landed but it never heard back), and is stopped; a new instance
 * starts against the same API server and database. Every remediation reaches a terminal phase,
 * the action's effect reaches the API server exactly once (counted on the wire), the audit trail
 * records exactly one execution, and every phase of every custom resource is audited exactly once.
 */
@Tag("drill")
class RestartDrillTest {

  private static final String NS = "kubernaut-system";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FLAT_OBJECT = Pattern.compile("\\{[^{}]*}");

  @TempDir
  static Path dir;

  private static EmbeddedPostgres postgres;
  private static int databases;

  /** Where instance one loses its API server, and what the remediation needs to get past it. */
  record StopPoint(String name, String fixture, boolean approval, Predicate<ApiServerProxy.Request> when) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<StopPoint> stopPoints() {
    return Stream.<StopPoint>of(
        new StopPoint("the gateway's create of the AlertRemediation", "oomkilled-batch.json", false,
            r -> r.method().equals("POST") && r.path().matches(".*/alertremediations(\\?.*)?")),
        new StopPoint("AlertRemediation entering Processing", "oomkilled-batch.json", false, setsPhase("alertremediations", "Processing")),
        new StopPoint("AlertRemediation entering Analyzing", "oomkilled-batch.json", false, setsPhase("alertremediations", "Analyzing")),
        new StopPoint("AlertRemediation entering AwaitingApproval", "crashlooping-firing.json", true,
            setsPhase("alertremediations", "AwaitingApproval")),
        new StopPoint("AlertRemediation entering Executing", "oomkilled-batch.json", false, setsPhase("alertremediations", "Executing")),
        new StopPoint("Executing: the KubernetesExecution's create", "oomkilled-batch.json", false,
            r -> r.method().equals("POST") && r.path().matches(".*/kubernetesexecutions(\\?.*)?")),
        new StopPoint("Executing: the action's write to the workload", "oomkilled-batch.json", false,
            r -> r.isWrite() && !r.isDryRun() && r.path().contains("/deployments/payments-api")),
        new StopPoint("Executing: the WorkflowExecution entering Monitoring", "oomkilled-batch.json", false,
            setsPhase("workflowexecutions", "Monitoring")),
        new StopPoint("AlertRemediation entering Completed", "oomkilled-batch.json", false, setsPhase("alertremediations", "Completed")));
  }

  /**
   * A status write of {@code plural} that sets the phase to {@code phase}: a JSON patch whose op sets
   * {@code /status/phase}, or a full status update carrying it (the first one is the transition).
   */
  private static Predicate<ApiServerProxy.Request> setsPhase(String plural, String phase) {
    return r -> {
      if (!r.path().contains("/" + plural + "/") || !r.path().contains("/status")) {
        return false;
      }
      if (r.method().equals("PUT")) {
        return r.body().contains("\"phase\":\"" + phase + "\"");
      }
      Matcher op = FLAT_OBJECT.matcher(r.body());
      while (op.find()) {
        if (op.group().contains("\"path\":\"/status/phase\"") && op.group().contains("\"value\":\"" + phase + "\"")) {
          return true;
        }
      }
      return false;
    };
  }

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @ParameterizedTest(name = "stopped right after {0}")
  @MethodSource("stopPoints")
  void aNewInstanceFinishesTheRemediationWithOneEffectAndACompleteAudit(StopPoint stop) throws Exception {
    String database = "drill_" + (++databases);
    String jdbc = newDatabase(database);
    Path caseDir = dir.resolve(database);
    try (KubernetesConnection api = KubernetesConnection.embedded(caseDir.resolve("api"), NS, 0);
         ApiServerProxy proxy = new ApiServerProxy(api.url())) {
      KubernetesClient kube = configured(api);

      var tripped = proxy.severAfter(stop.when());
      String name;
      String fixture = EmbeddedApp.fixture(stop.fixture());
      try (KubernetesConnection link = KubernetesConnection.at(proxy.url());
           Kubernaut first = Kubernaut.startOn(config(caseDir.resolve("one"), jdbc), link)) {
        HttpResponse<String> posted = EmbeddedApp.postAlerts(first, fixture);
        if (posted.statusCode() == 201) {
          name = JSON.readTree(posted.body()).path("results").get(0).path("remediation").asText();
        } else {
          // The create landed but the gateway never heard back: it must not claim success.
          assertThat(posted.statusCode()).as(posted.body()).isEqualTo(503);
          name = null;
        }
        ApiServerProxy.Request at = tripped.get(30, TimeUnit.SECONDS);
        assertThat(at).as("the link was severed at the stop point").isNotNull();
      }
      proxy.heal();

      List<AlertRemediation> all = kube.resources(AlertRemediation.class).inNamespace(NS).list().getItems();
      assertThat(all).as("exactly one AlertRemediation exists after the stop").hasSize(1);
      if (name == null) {
        name = all.get(0).getMetadata().getName();
      }
      String remediation = name;
      AlertRemediation atStop = all.get(0);
      String phaseAtStop = atStop.getStatus() == null || atStop.getStatus().getPhase() == null ? "none"
          : atStop.getStatus().getPhase().name();
      System.out.printf("restart drill: stopped right after %s; %s was %s%n", stop, remediation, phaseAtStop);
      if (!stop.name().endsWith("Completed")) {
        assertThat(atStop.getStatus() == null || atStop.getStatus().getPhase() == null
            || !atStop.getStatus().getPhase().isTerminal()).as("the drill interrupted a running remediation").isTrue();
      }

      try (KubernetesConnection link = KubernetesConnection.at(proxy.url());
           Kubernaut second = Kubernaut.startOn(config(caseDir.resolve("two"), jdbc), link)) {
        if (stop.name().startsWith("the gateway")) {
          HttpResponse<String> again = EmbeddedApp.postAlerts(second, fixture);
          assertThat(again.statusCode()).as("Alertmanager's re-send is a duplicate: " + again.body()).isEqualTo(202);
        }
        if (stop.approval()) {
          await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() ->
              "AwaitingApproval".equals(remediation(kube, remediation).getStatus().getPhase().name()));
          kube.resources(AlertRemediation.class).inNamespace(NS).withName(remediation)
              .edit(ar -> {
                ar.getMetadata().getAnnotations().put("kubernaut.io/approval", "approved");
                return ar;
              });
        }
        await().ignoreExceptions().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
            remediation(kube, remediation).getStatus().getPhase().isTerminal());
        AlertRemediation done = remediation(kube, remediation);
        assertThat(done.getStatus().getPhase().name()).as(done.getStatus().getMessage()).isEqualTo("Completed");
        assertThat(done.getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase).doesNotHaveDuplicates();

        Map<String, List<String>> histories = histories(kube, remediation);
        assertThat(histories.keySet()).as("one child of each kind").hasSize(5);

        KubernetesExecution kex = one(kube, KubernetesExecution.class, remediation);
        String targetNs = kex.getSpec().getTarget().getNamespace();
        assertThat(kex.getStatus().getAttempts()).isEqualTo(1);
        if (stop.fixture().equals("oomkilled-batch.json")) {
          // Read before the call and written with its start mark: there also when the instance stopped right
          // after the action's write to the workload, so the step can still be rolled back.
          assertThat(kex.getSpec().getAction()).isEqualTo("increase_resources");
          assertThat(kex.getStatus().getRollbackData()).as("what undoes the step")
              .containsKeys("container", "previousMemoryLimit");
        }
        List<ApiServerProxy.Request> effects = proxy.writes(Pattern.compile("/namespaces/" + targetNs + "/(?!events)"));
        assertThat(effects).as("the action's writes that reached the API server").hasSize(1);

        // A KubernetesExecution's phases are not audited as transitions: its attempts are ACTION events.
        histories.keySet().removeIf(k -> k.startsWith("KubernetesExecution/"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          Audit audit = audit(jdbc, remediation);
          assertThat(audit.transitions()).as("every phase of every resource, audited once, in order").isEqualTo(histories);
          assertThat(audit.created()).isEqualTo(1);
          assertThat(audit.finals()).isEqualTo(1);
          // An attempt is audited only after the status that holds it is written: an instance stopped before
          // that write (even right after the action's write to the workload) leaves no record, and the new
          // instance's verification of the same attempt is the one.
          assertThat(audit.actions()).as("executions in the audit trail").singleElement()
              .isEqualTo(io.kubernaut.ports.audit.ActionOutcomes.SUCCEEDED);
          assertThat(audit.duplicateKeys()).isZero();
        });
      }
    }
  }

  /**
   * A workflow deleted by hand while no operator runs, after its step changed the target: the next operator must not
   * create it again, or the step would run a second time. The remediation's status names the workflow only as it
   * created it (Pending) and the new operator never saw it run: the audit trail, to which the workflow recorded its
   * admission as it happened, tells it. Before 2026-12-08 the new operator created the workflow again. (The
   * opposite, a workflow named and never created, is the drill "entering Executing" above: created then.)
   */
  @Test
  void aWorkflowDeletedWhileNoOperatorRanIsNotCreatedAgainAndItsStepDoesNotRunTwice() throws Exception {
    String database = "drill_deleted_while_down";
    String jdbc = newDatabase(database);
    Path caseDir = dir.resolve(database);
    try (KubernetesConnection api = KubernetesConnection.embedded(caseDir.resolve("api"), NS, 0);
         ApiServerProxy proxy = new ApiServerProxy(api.url())) {
      KubernetesClient kube = configured(api);

      // The operator stops once the workflow's step has run: its write of Monitoring lands, unanswered.
      var tripped = proxy.severAfter(setsPhase("workflowexecutions", "Monitoring"));
      String name;
      try (KubernetesConnection link = KubernetesConnection.at(proxy.url());
           Kubernaut first = Kubernaut.startOn(config(caseDir.resolve("one"), jdbc), link)) {
        HttpResponse<String> posted = EmbeddedApp.postAlerts(first, EmbeddedApp.fixture("oomkilled-batch.json"));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        name = JSON.readTree(posted.body()).path("results").get(0).path("remediation").asText();
        assertThat(tripped.get(30, TimeUnit.SECONDS)).as("the link was severed once the step had run").isNotNull();
      }
      proxy.heal();
      String remediation = name;
      String workflow = ChildKind.WORKFLOW.childName(name);
      AlertRemediation atStop = remediation(kube, name);
      assertThat(atStop.getStatus().getPhase().name()).isEqualTo("Executing");
      assertThat(atStop.getStatus().getChildren()).as("status names the workflow only as it created it").anySatisfy(c -> {
        assertThat(c.getName()).isEqualTo(workflow);
        assertThat(c.getPhase()).isEqualTo("Pending");
      });
      KubernetesExecution step = one(kube, KubernetesExecution.class, name);
      String targetNs = step.getSpec().getTarget().getNamespace();
      Pattern effect = Pattern.compile("/namespaces/" + targetNs + "/(?!events)");
      assertThat(proxy.writes(effect)).as("the step changed its target").hasSize(1);
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() ->
          audit(jdbc, remediation).transitions().getOrDefault("WorkflowExecution/" + workflow, List.of()).contains("Executing"));

      // While no operator runs, the workflow is deleted by hand, and its execution with it (as a real cluster's
      // garbage collector deletes it).
      kube.resources(WorkflowExecution.class).inNamespace(NS).withName(workflow).delete();
      kube.resources(KubernetesExecution.class).inNamespace(NS).withLabel(KubernautLabels.REMEDIATION, name).delete();

      try (KubernetesConnection link = KubernetesConnection.at(proxy.url());
           Kubernaut second = Kubernaut.startOn(config(caseDir.resolve("two"), jdbc), link)) {
        await().ignoreExceptions().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
            remediation(kube, remediation).getStatus().getPhase().isTerminal());
        AlertRemediation ended = remediation(kube, remediation);
        assertThat(ended.getStatus().getPhase().name()).as(ended.getStatus().getMessage()).isEqualTo("Failed");
        assertThat(ended.getStatus().getMessage()).contains("was deleted while it ran").contains("not created again");
        // Given time to go wrong: nothing creates the workflow or its step again, and the target is changed once.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
          assertThat(kube.resources(WorkflowExecution.class).inNamespace(NS).withName(workflow).get()).isNull();
          assertThat(kube.resources(KubernetesExecution.class).inNamespace(NS)
              .withLabel(KubernautLabels.REMEDIATION, remediation).list().getItems()).isEmpty();
        });
        assertThat(proxy.writes(effect)).as("the action's writes that reached the API server").hasSize(1);
      }
    }
  }

  /** A new database of the drill's PostgreSQL; returns its JDBC URL. */
  private static String newDatabase(String database) throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
      c.createStatement().execute("CREATE DATABASE " + database);
    }
    return postgres.getJdbcUrl("postgres", database);
  }

  /** The API server's client, with the drills' configuration written: a short monitoring window, no approval. */
  private static KubernetesClient configured(KubernetesConnection api) {
    KubernetesClient kube = api.client();
    kube.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("kubernaut-config")
        .withNamespace(NS).endMetadata()
        .addToData("safety.yaml", "limits:\n  monitoringWindow: 3s\n")
        .addToData("gates.yaml", "minConfidence: 0.5\nproductionApprovalConfidence: 1.0\n").build()).create();
    return kube;
  }

  private static OperatorConfig config(Path dataDir, String jdbc) {
    Map<String, String> env = new HashMap<>(Map.of("KUBERNAUT_MODE", "embedded", "KUBERNAUT_HTTP_PORT", "0",
        "KUBERNAUT_DATA_DIR", dataDir.toString(), "KUBERNAUT_API_TOKEN", "drill", "KUBERNAUT_LEADER_ELECTION", "false",
        "KUBERNAUT_DB_URL", jdbc, "KUBERNAUT_DB_USER", "postgres", "KUBERNAUT_DB_PASSWORD", "postgres"));
    // Every instance of one deployment has the same audit key (the chart's Secret): each verifies the results the
    // one before it sealed.
    env.put("KUBERNAUT_AUDIT_KEY", "restart-drill-audit-key-0123456789abcdefghij");
    return OperatorConfig.from(env);
  }

  private static AlertRemediation remediation(KubernetesClient kube, String name) {
    return kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).get();
  }

  private static <T extends HasMetadata> T one(KubernetesClient kube, Class<T> kind, String remediation) {
    List<T> items = kube.resources(kind).inNamespace(NS).withLabel(KubernautLabels.REMEDIATION, remediation).list().getItems();
    assertThat(items).as("%s children of %s", kind.getSimpleName(), remediation).hasSize(1);
    return items.get(0);
  }

  /** The phase history of the remediation and of each child, keyed by kind/name. */
  private static Map<String, List<String>> histories(KubernetesClient kube, String remediation) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    AlertRemediation ar = remediation(kube, remediation);
    out.put("AlertRemediation/" + remediation, phases(ar.getStatus().getPhaseHistory()));
    AlertProcessing ap = one(kube, AlertProcessing.class, remediation);
    out.put("AlertProcessing/" + ap.getMetadata().getName(), phases(ap.getStatus().getPhaseHistory()));
    AIAnalysis aia = one(kube, AIAnalysis.class, remediation);
    out.put("AIAnalysis/" + aia.getMetadata().getName(), phases(aia.getStatus().getPhaseHistory()));
    WorkflowExecution wfe = one(kube, WorkflowExecution.class, remediation);
    out.put("WorkflowExecution/" + wfe.getMetadata().getName(), phases(wfe.getStatus().getPhaseHistory()));
    KubernetesExecution kex = one(kube, KubernetesExecution.class, remediation);
    out.put("KubernetesExecution/" + kex.getMetadata().getName(), phases(kex.getStatus().getPhaseHistory()));
    return out;
  }

  private static List<String> phases(List<PhaseTransition> history) {
    return history.stream().map(PhaseTransition::getPhase).toList();
  }

  /** What the audit trail holds for one remediation. */
  record Audit(Map<String, List<String>> transitions, int created, int finals, List<String> actions, int duplicateKeys) {}

  private static Audit audit(String jdbc, String remediation) throws Exception {
    Map<String, List<String>> transitions = new LinkedHashMap<>();
    int created = 0;
    int finals = 0;
    List<String> actions = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
         PreparedStatement q = c.prepareStatement("SELECT type, payload::text FROM audit_event WHERE remediation_id = ?"
             + " ORDER BY occurred_at, id")) {
      q.setString(1, remediation);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          JsonNode payload = JSON.readTree(rs.getString(2));
          switch (rs.getString(1)) {
            case "PHASE_TRANSITION" -> transitions.computeIfAbsent(payload.path("resourceKind").asText() + "/"
                + payload.path("resourceName").asText(), k -> new ArrayList<>()).add(payload.path("toPhase").asText());
            case "REMEDIATION_CREATED" -> created++;
            case "REMEDIATION_FINAL" -> finals++;
            case "ACTION" -> actions.add(payload.path("outcome").asText());
            default -> { }
          }
        }
      }
      int duplicates;
      try (PreparedStatement d = c.prepareStatement("SELECT count(*) - count(DISTINCT idempotency_key) FROM audit_event"
          + " WHERE remediation_id = ?")) {
        d.setString(1, remediation);
        try (ResultSet rs = d.executeQuery()) {
          rs.next();
          duplicates = rs.getInt(1);
        }
      }
      return new Audit(transitions, created, finals, actions, duplicates);
    }
  }
}

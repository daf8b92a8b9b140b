package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AttemptOutcome;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.crd.StatusSpine;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.execution.KubernetesExecutionRequests;
import io.kubernaut.ports.pipeline.AnalysisPhase;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SIGKILL drill: the operator runs as its own OS process ({@code java ... io.kubernaut.app.Main}
 * in cluster mode, as the chart runs it) against an API server and a PostgreSQL that live in this
 * test's JVM and outlive it. Alerts keep pipelines running; the operator is killed with SIGKILL at
 * seeded random moments of running pipelines (at least {@value #KILLS} kills that interrupt one),
 * and started again each time. Once every remediation has ended, every phase transition and
 * decision the custom resources record is in the audit table exactly once, by idempotency key and
 * by its typed row, and the HMAC chain of every remediation verifies.
 */
@Tag("drill")
class SigkillDrillTest {

  private static final String NS = "kubernaut-system";
  private static final int KILLS = 10;
  private static final int MAX_ROUNDS = 40;
  private static final String TOKEN = "sigkill-drill-admin-token";
  private static final String AUDIT_KEY = "sigkill-drill-audit-key-of-at-least-32-bytes";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;

  @Test
  void afterTenSigkillsEveryTransitionAndDecisionInStatusIsAuditedExactlyOnceAndEveryChainHolds() throws Exception {
    long seed = Long.getLong("kubernaut.drill.seed", System.nanoTime());
    System.out.printf("SIGKILL drill: seed %d (repeat with -Dkubernaut.drill.seed=%d)%n", seed, seed);
    Random random = new Random(seed);
    long began = System.nanoTime();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).start();
         // The API server without the demo simulator: its pods stay OOMKilled, so every round's alert
         // finds work to do (with the simulator the first fix heals payments-api and later pipelines end at once).
         EmbeddedApiServer api = new EmbeddedApiServer(dir.resolve("api"), NS, 0).start()) {
      String jdbc = pg.getJdbcUrl("postgres", "postgres");
      KubernetesClient kube = api.client();
      kube.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("kubernaut-config")
          .withNamespace(NS).endMetadata()
          .addToData("gates.yaml", "minConfidence: 0.5\nproductionApprovalConfidence: 1.0\n")
          // Every round's alert is a new problem on the demo's payments-api: a 1 s cooldown and no budget
          // limits, so that each runs its pipeline instead of being blocked at once. Without the simulator no
          // Deployment controller observes a change, so every verification fails; a 1 s window keeps those
          // failures from blocking the next rounds (FailedVerifications), and a high memory ceiling keeps the
          // repeated increases (some interrupted before their rollback) from reaching it (ResourceBound).
          .addToData("safety.yaml", "limits:\n  monitoringWindow: 1s\n  cooldown: 1s\n  failedVerificationWindow: 1s\n  maxMemoryLimit: 1024Gi\nbudget:\n"
              + "  maxActionsPerHour: 0\n  maxConcurrentRemediationsPerNamespace: 0\n").build()).create();
      Path kubeconfig = api.kubeconfig();

      List<String> kills = new ArrayList<>();
      boolean approved = false;
      int round = 0;
      while (kills.size() < KILLS) {
        assertThat(round).as("rounds needed to interrupt %d running pipelines; kills so far %s", KILLS, kills)
            .isLessThan(MAX_ROUNDS);
        Operator operator = Operator.start(dir, kubeconfig, jdbc, "round-" + round);
        try {
          if (round == 0) {
            operator.post(EmbeddedApp.fixture("crashlooping-firing.json"));
          }
          operator.post(EmbeddedApp.fixture("oomkilled-batch.json").replace("KubeContainerOOMKilled",
              "DrillOOMKilled" + round));
          if (!approved && phase(kube, waiting(kube)) == RemediationPhase.AwaitingApproval) {
            approve(kube, waiting(kube));
            approved = true;
          }
          Thread.sleep(100 + random.nextInt(1_100));
        } finally {
          operator.kill();
        }
        Map<String, String> running = kube.resources(AlertRemediation.class).inNamespace(NS).list().getItems().stream()
            .filter(ar -> ar.getStatus() == null || ar.getStatus().getPhase() == null
                || !ar.getStatus().getPhase().isTerminal())
            .collect(Collectors.toMap(ar -> ar.getMetadata().getName(), SigkillDrillTest::phaseName));
        String roundsAlert = "drilloomkilled" + round + "-";
        Map<String, String> ended = kube.resources(AlertRemediation.class).inNamespace(NS).list().getItems().stream()
            .filter(ar -> ar.getMetadata().getName().startsWith(roundsAlert) && !running.containsKey(ar.getMetadata().getName()))
            .collect(Collectors.toMap(ar -> ar.getMetadata().getName(), ar -> phaseName(ar) + " ("
                + (ar.getStatus() == null ? "" : ar.getStatus().getMessage()) + ")"));
        System.out.printf("SIGKILL drill: round %d killed pid %d after %d ms; running: %s; this round's already ended: %s%n",
            round, operator.pid(), operator.aliveMillis(), running, ended);
        if (!running.isEmpty()) {
          kills.add("round " + round + ": " + running);
        }
        round++;
      }

      Operator last = Operator.start(dir, kubeconfig, jdbc, "last");
      try {
        if (!approved) {
          await().atMost(Duration.ofSeconds(30)).until(() -> phase(kube, waiting(kube)) == RemediationPhase.AwaitingApproval);
          approve(kube, waiting(kube));
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
            kube.resources(AlertRemediation.class).inNamespace(NS).list().getItems().stream()
                .allMatch(ar -> ar.getStatus() != null && ar.getStatus().getPhase() != null
                    && ar.getStatus().getPhase().isTerminal()));
        Map<String, Set<String>> expected = expectedKeys(kube);
        int events = expected.values().stream().mapToInt(Set::size).sum();
        long actions = expected.values().stream().flatMap(Set::stream).filter(k -> k.contains("/action/")).count();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          Map<String, Integer> stored = storedKeys(jdbc);
          List<String> missing = new ArrayList<>();
          List<String> twice = new ArrayList<>();
          expected.values().forEach(keys -> keys.forEach(k -> {
            int n = stored.getOrDefault(k, 0);
            if (n == 0) {
              missing.add(k);
            } else if (n > 1) {
              twice.add(k);
            }
          }));
          assertThat(missing).as("transitions and decisions in status but not in the audit table").isEmpty();
          assertThat(twice).as("stored more than once").isEmpty();
        });
        assertThat(semanticDuplicates(jdbc)).as("typed rows stored twice for one fact").isEmpty();
        for (String remediation : expected.keySet()) {
          JsonNode verdict = JSON.readTree(last.get("/api/v1/audit/verify?remediation=" + remediation));
          assertThat(verdict.path("intact").asBoolean()).as("chain of %s: %s", remediation, verdict).isTrue();
          assertThat(verdict.path("unchainedRecords").asLong()).as("%s", verdict).isZero();
          assertThat(verdict.path("chainedRecords").asLong()).as("%s", verdict)
              .isEqualTo(rows(jdbc, remediation));
        }
        System.out.printf("SIGKILL drill: %d rounds, %d kills inside running pipelines, %d remediations, %d"
                + " transitions and decisions (%d action attempts) checked exactly once, chains intact; %.1f s in all"
                + " (seed %d)%n%s%n",
            round, kills.size(), expected.size(), events, actions, (System.nanoTime() - began) / 1e9, seed,
            String.join("\n", kills));
      } finally {
        last.kill();
      }
    }
  }

  /** The remediation of the production CrashLooping fixture, which waits for an approval. */
  private static String waiting(KubernetesClient kube) {
    return kube.resources(AlertRemediation.class).inNamespace(NS).list().getItems().stream()
        .filter(ar -> ar.getSpec().getAlertName().equals("KubePodCrashLooping")).findFirst()
        .map(ar -> ar.getMetadata().getName()).orElse(null);
  }

  private static RemediationPhase phase(KubernetesClient kube, String name) {
    AlertRemediation ar = name == null ? null : kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).get();
    return ar == null || ar.getStatus() == null ? null : ar.getStatus().getPhase();
  }

  private static String phaseName(AlertRemediation ar) {
    return ar.getStatus() == null || ar.getStatus().getPhase() == null ? "(new)" : ar.getStatus().getPhase().name();
  }

  private static void approve(KubernetesClient kube, String name) {
    kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).edit(ar -> {
      if (ar.getMetadata().getAnnotations() == null) {
        ar.getMetadata().setAnnotations(new HashMap<>());
      }
      ar.getMetadata().getAnnotations().put("kubernaut.io/approval", "approved");
      ar.getMetadata().getAnnotations().put("kubernaut.io/approval-by", "drill-approver");
      return ar;
    });
  }

  /**
   * What the custom resources record, as the idempotency keys of the audit trail, per remediation:
   * its creation, every phase of the remediation and of its processing, analysis and workflow, the
   * completed analysis, each audited attempt of its executions, the approval decided, the block and
   * the end.
   */
  private static Map<String, Set<String>> expectedKeys(KubernetesClient kube) {
    Map<String, List<HasMetadata>> children = new HashMap<>();
    for (Class<? extends CustomResource<?, ?>> kind : List.<Class<? extends CustomResource<?, ?>>>of(
        AlertProcessing.class, AIAnalysis.class, WorkflowExecution.class)) {
      for (HasMetadata child : kube.resources(kind).inNamespace(NS).list().getItems()) {
        children.computeIfAbsent(child.getMetadata().getLabels().get("kubernaut.io/remediation"),
            k -> new ArrayList<>()).add(child);
      }
    }
    Map<String, List<KubernetesExecution>> executions = kube.resources(KubernetesExecution.class).inNamespace(NS).list()
        .getItems().stream().collect(Collectors.groupingBy(kex -> kex.getSpec().getRemediationRef().getName()));
    Map<String, Set<String>> expected = new HashMap<>();
    for (AlertRemediation ar : kube.resources(AlertRemediation.class).inNamespace(NS).list().getItems()) {
      String id = ar.getMetadata().getName();
      Set<String> keys = new LinkedHashSet<>();
      keys.add(id + "/created");
      phases(ar.getStatus()).forEach(p -> keys.add(id + "/phase/" + id + "/" + p));
      for (HasMetadata child : children.getOrDefault(id, List.of())) {
        StatusSpine status = (StatusSpine) ((CustomResource<?, ?>) child).getStatus();
        phases(status).forEach(p -> keys.add(id + "/phase/" + child.getMetadata().getName() + "/" + p));
        if (child instanceof AIAnalysis aia && aia.getStatus() != null
            && aia.getStatus().getPhase() == AnalysisPhase.Completed) {
          keys.add(id + "/analysis/" + child.getMetadata().getName());
        }
      }
      for (KubernetesExecution kex : executions.getOrDefault(id, List.of())) {
        Map<String, String> annotations = kex.getMetadata().getAnnotations() == null ? Map.of()
            : kex.getMetadata().getAnnotations();
        String step = annotations.getOrDefault(KubernetesExecutionRequests.STEP_NUMBER_ANNOTATION, "1");
        for (AttemptOutcome o : kex.getStatus() == null || kex.getStatus().getAttemptOutcomes() == null
            ? List.<AttemptOutcome>of() : kex.getStatus().getAttemptOutcomes()) {
          keys.add(id + "/action/" + step + "/" + o.getOutcome().toLowerCase(Locale.ROOT)
              + (o.getAttempt() > 1 ? "-attempt-" + o.getAttempt() : ""));
        }
      }
      if (ar.getStatus().getApproval() != null && ar.getStatus().getApproval().getDecidedAt() != null) {
        keys.add(id + "/approval");
      }
      if (ar.getStatus().getPhase() == RemediationPhase.Blocked) {
        keys.add(id + "/block");
      }
      keys.add(id + "/final");
      expected.put(id, keys);
    }
    return expected;
  }

  private static List<String> phases(StatusSpine status) {
    return status == null || status.getPhaseHistory() == null ? List.of()
        : status.getPhaseHistory().stream().map(PhaseTransition::getPhase).toList();
  }

  /** How many rows the audit table holds per idempotency key. */
  private static Map<String, Integer> storedKeys(String jdbc) throws Exception {
    return query(jdbc, "SELECT idempotency_key, count(*) FROM audit_event GROUP BY idempotency_key",
        rs -> rs.getInt(2));
  }

  /** Facts stored twice in the typed tables, whatever their keys. */
  private static List<String> semanticDuplicates(String jdbc) throws Exception {
    List<String> found = new ArrayList<>();
    for (String sql : List.of(
        "SELECT remediation_id || ' ' || resource_name || ' ' || to_phase, count(*) FROM phase_transition"
            + " GROUP BY remediation_id, resource_name, to_phase HAVING count(*) > 1",
        "SELECT remediation_id || ' ' || analysis_name, count(*) FROM analysis GROUP BY remediation_id, analysis_name"
            + " HAVING count(*) > 1",
        "SELECT remediation_id, count(*) FROM approval GROUP BY remediation_id HAVING count(*) > 1",
        "SELECT remediation_id || ' seq ' || chain_seq, count(*) FROM audit_event WHERE chain_seq IS NOT NULL"
            + " GROUP BY remediation_id, chain_seq HAVING count(*) > 1")) {
      found.addAll(query(jdbc, sql, rs -> rs.getInt(2)).keySet());
    }
    return found;
  }

  private static long rows(String jdbc, String remediation) throws Exception {
    return query(jdbc, "SELECT remediation_id, count(*) FROM audit_event WHERE remediation_id = '" + remediation
        + "' GROUP BY remediation_id", rs -> rs.getInt(2)).getOrDefault(remediation, 0);
  }

  private interface Column<T> {
    T read(ResultSet rs) throws Exception;
  }

  private static <T> Map<String, T> query(String jdbc, String sql, Column<T> value) throws Exception {
    Map<String, T> out = new HashMap<>();
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres"); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getString(1), value.read(rs));
      }
    }
    return out;
  }

  /** One operator process: {@code java -cp <this test's class path> io.kubernaut.app.Main} in cluster mode. */
  private static final class Operator {
    private final Process process;
    private final int port;
    private final long started = System.nanoTime();

    private Operator(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    /** Starts one and waits (at most 90 s) until {@code /readyz} answers 200. */
    static Operator start(Path dir, Path kubeconfig, String jdbc, String name) throws Exception {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("operator-" + name + ".log").toFile()));
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(k -> k.startsWith("KUBERNAUT_") || k.startsWith("KUBERNETES_"));
      env.put("KUBECONFIG", kubeconfig.toString());
      env.put("KUBERNAUT_MODE", "cluster");
      env.put("KUBERNAUT_NAMESPACE", NS);
      env.put("KUBERNAUT_HTTP_PORT", Integer.toString(port));
      env.put("KUBERNAUT_DATA_DIR", dir.resolve("operator").toString());
      env.put("KUBERNAUT_API_TOKEN", TOKEN);
      env.put("KUBERNAUT_LEADER_ELECTION", "false");
      env.put("KUBERNAUT_DB_URL", jdbc);
      env.put("KUBERNAUT_DB_USER", "postgres");
      env.put("KUBERNAUT_DB_PASSWORD", "postgres");
      env.put("KUBERNAUT_AUDIT_KEY", AUDIT_KEY);
      Operator operator = new Operator(builder.start(), port);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (true) {
        assertThat(operator.process.isAlive()).as("operator %s runs; see operator-%s.log", name, name).isTrue();
        assertThat(System.nanoTime()).as("operator %s ready within 90 s", name).isLessThan(deadline);
        try {
          if (operator.request("GET", "/readyz", null).statusCode() == 200) {
            return operator;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(50);
      }
    }

    long pid() {
      return process.pid();
    }

    long aliveMillis() {
      return (System.nanoTime() - started) / 1_000_000;
    }

    /** Posts an Alertmanager body; the gateway must have taken it (201 new, 202 duplicate). */
    void post(String body) throws Exception {
      HttpResponse<String> r = request("POST", "/api/v1/signals/prometheus", body);
      assertThat(r.statusCode()).as(r.body()).isIn(201, 202);
    }

    String get(String path) throws Exception {
      HttpResponse<String> r = request("GET", path, null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      return r.body();
    }

    private HttpResponse<String> request(String method, String path, String body) throws Exception {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + TOKEN)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
          .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL ({@link Process#destroyForcibly} on Linux): no shutdown hook, no flush; exit status 128 + 9. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the operator died").isTrue();
      assertThat(process.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
    }
  }
}

package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.KubernetesConnection;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL is down for 60 s in the middle of several remediations: alerts are still accepted,
 * the pipeline carries every remediation to its end, retention waits for the audit, and once the
 * database is back every event is written exactly once and retention proceeds.
 */
@Tag("drill")
class DatabaseOutageDrillTest {

  private static final String NS = "kubernaut-system";
  private static final Duration OUTAGE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private EmbeddedPostgres startPostgres(int port) throws Exception {
    return EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false)
        .setPort(port).start();
  }

  /** Posts a group that must create a remediation, and returns its name. */
  private static String create(Kubernaut k, String body) throws Exception {
    HttpResponse<String> created = EmbeddedApp.postAlerts(k, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).path("results").get(0).path("remediation").asText();
  }

  /** The staging OOMKilled group under its own alert name: one more distinct problem. */
  private static String oomKilled(String alertName) throws Exception {
    return EmbeddedApp.fixture("oomkilled-batch.json").replace("KubeContainerOOMKilled", alertName);
  }

  @Test
  void remediationsEndDuringA60SecondOutageAndRetentionWaitsUntilEveryEventIsWrittenOnce() throws Exception {
    EmbeddedPostgres pg = startPostgres(0);
    int port = pg.getPort();
    try (KubernetesConnection api = KubernetesConnection.embedded(dir.resolve("api"), NS, 0)) {
      KubernetesClient kube = api.client();
      EmbeddedApp.kubernautConfig(kube, Map.of("gates.yaml", "minConfidence: 0.5\nproductionApprovalConfidence: 1.0\n",
          "safety.yaml", "limits:\n  monitoringWindow: 2s\n", "retention", "2s"));
      try (Kubernaut k = Kubernaut.startOn(OperatorConfig.from(Map.of("KUBERNAUT_MODE", "embedded",
          "KUBERNAUT_HTTP_PORT", "0", "KUBERNAUT_DATA_DIR", dir.resolve("op").toString(), "KUBERNAUT_API_TOKEN", "drill",
          "KUBERNAUT_DB_URL", pg.getJdbcUrl("postgres", "postgres"), "KUBERNAUT_DB_USER", "postgres",
          "KUBERNAUT_DB_PASSWORD", "postgres")), api)) {
        List<String> names = new ArrayList<>();
        String awaitingApproval = create(k, EmbeddedApp.fixture("crashlooping-firing.json"));
        names.add(awaitingApproval);
        names.add(create(k, oomKilled("DrillBeforeOutage")));
        await().ignoreExceptions().atMost(Duration.ofSeconds(20))
            .until(() -> phase(kube, awaitingApproval) == RemediationPhase.AwaitingApproval);

        pg.close();
        long outageEnds = System.nanoTime() + OUTAGE.toNanos();
        // Alerts keep arriving: the AlertRemediation is what the gateway persists, so they are accepted.
        for (int i = 0; i < 3; i++) {
          names.add(create(k, oomKilled("DrillInOutage" + i)));
        }
        assertThat(EmbeddedApp.postAlerts(k, EmbeddedApp.fixture("crashlooping-resolved.json")).statusCode()).isEqualTo(202);
        // The database being down degrades the operator; it stays in its Service.
        await().atMost(Duration.ofSeconds(10)).until(() ->
            JSON.readTree(EmbeddedApp.send(k, "GET", "/readyz", null).body()).path("status").asText().equals("DEGRADED"));
        assertThat(EmbeddedApp.send(k, "GET", "/readyz", null).statusCode()).isEqualTo(200);
        await().ignoreExceptions().atMost(Duration.ofSeconds(45)).until(() ->
            names.stream().allMatch(n -> phase(kube, n).isTerminal()));

        Map<String, List<String>> histories = new LinkedHashMap<>();
        for (String name : names) {
          AlertRemediation ar = kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).get();
          histories.put(name, ar.getStatus().getPhaseHistory().stream().map(PhaseTransition::getPhase).toList());
        }
        System.out.printf("database outage drill: %d remediations ended during the outage: %s%n", names.size(), histories);
        while (System.nanoTime() < outageEnds) {
          for (String name : names) {
            AlertRemediation kept = kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).get();
            assertThat(kept).as("retention (2 s) must wait for the audit of %s", name).isNotNull();
            assertThat(kept.getStatus().getConditions()).anySatisfy(c -> {
              assertThat(c.getType()).isEqualTo("AuditPersisted");
              assertThat(c.getStatus()).isEqualTo("False");
            });
          }
          Thread.sleep(2_000);
        }

        // Each ended remediation's events were queued once, not again at every check of its audit (every 5 s): ~20
        // events each, so about 100 here; re-deriving them at every check had queued well over 1,000 by now.
        double backlog = backlog(EmbeddedApp.send(k, "GET", "/metrics", null).body());
        System.out.printf("database outage drill: %.0f audit events queued at the end of the outage%n", backlog);
        assertThat(backlog).isLessThan(300);

        long restarted = System.nanoTime();
        pg = startPostgres(port);
        await().ignoreExceptions().atMost(Duration.ofSeconds(90)).until(() -> names.stream().allMatch(n ->
            kube.resources(AlertRemediation.class).inNamespace(NS).withName(n).get() == null));
        System.out.printf("database outage drill: audit caught up and retention deleted all %d within %d ms of the restart%n",
            names.size(), (System.nanoTime() - restarted) / 1_000_000);

        try (Connection c = pg.getPostgresDatabase().getConnection()) {
          for (String name : names) {
            assertThat(transitions(c, name)).as("the audited transitions of %s", name).isEqualTo(histories.get(name));
            assertThat(count(c, name, "type IN ('REMEDIATION_CREATED', 'REMEDIATION_FINAL')")).isEqualTo(2);
            assertThat(count(c, name, "TRUE")).as("no event of %s is stored twice", name)
                .isEqualTo(count(c, name, "TRUE", "count(DISTINCT idempotency_key)"));
          }
        }
      }
    } finally {
      pg.close();
    }
  }

  /** The value of gauge {@code kubernaut_audit_backlog} in a Prometheus exposition. */
  private static double backlog(String metrics) {
    return metrics.lines().filter(l -> l.startsWith("kubernaut_audit_backlog ")).mapToDouble(l ->
        Double.parseDouble(l.substring(l.indexOf(' ') + 1).trim())).findFirst().orElseThrow();
  }

  private static List<String> transitions(Connection c, String name) throws Exception {
    List<String> out = new ArrayList<>();
    try (PreparedStatement q = c.prepareStatement("SELECT payload->>'toPhase' FROM audit_event WHERE remediation_id = ?"
        + " AND type = 'PHASE_TRANSITION' AND payload->>'resourceKind' = 'AlertRemediation' ORDER BY occurred_at, id")) {
      q.setString(1, name);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static int count(Connection c, String name, String where) throws Exception {
    return count(c, name, where, "count(*)");
  }

  private static int count(Connection c, String name, String where, String aggregate) throws Exception {
    try (PreparedStatement q = c.prepareStatement("SELECT " + aggregate + " FROM audit_event WHERE remediation_id = ? AND "
        + where)) {
      q.setString(1, name);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static RemediationPhase phase(KubernetesClient kube, String name) {
    return kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).get().getStatus().getPhase();
  }
}

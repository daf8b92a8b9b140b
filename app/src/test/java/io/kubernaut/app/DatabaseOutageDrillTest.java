package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kubernaut.k8s.KubernetesConnection;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes away in the middle of a remediation: the pipeline carries on, retention waits
 * for the audit, and once the database is back every event is written exactly once.
 */
class DatabaseOutageDrillTest {

  private static final String NS = "kubernaut-system";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private EmbeddedPostgres startPostgres(int port) throws Exception {
    return EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false)
        .setPort(port).start();
  }

  private static HttpResponse<String> post(Kubernaut k, String fixture) throws Exception {
    String body;
    try (InputStream in = DatabaseOutageDrillTest.class.getResourceAsStream("/fixtures/alertmanager/" + fixture)) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + k.httpPort() + "/api/v1/signals/prometheus"))
        .header("Authorization", "Bearer drill").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void remediationEndsDuringAnOutageAndRetentionWaitsUntilEveryEventIsWrittenOnce() throws Exception {
    EmbeddedPostgres pg = startPostgres(0);
    int port = pg.getPort();
    try (KubernetesConnection api = KubernetesConnection.embedded(dir.resolve("api"), NS, 0)) {
      var kube = api.client();
      kube.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("kubernaut-config")
          .withNamespace(NS).endMetadata()
          .addToData("gates.yaml", "minConfidence: 0.5\nproductionApprovalConfidence: 1.0\n")
          .addToData("retention", "2s").build()).create();
      try (Kubernaut k = Kubernaut.startOn(OperatorConfig.from(Map.of("KUBERNAUT_MODE", "embedded",
          "KUBERNAUT_HTTP_PORT", "0", "KUBERNAUT_DATA_DIR", dir.resolve("op").toString(), "KUBERNAUT_API_TOKEN", "drill",
          "KUBERNAUT_DB_URL", pg.getJdbcUrl("postgres", "postgres"), "KUBERNAUT_DB_USER", "postgres",
          "KUBERNAUT_DB_PASSWORD", "postgres")), api)) {
        HttpResponse<String> created = post(k, "crashlooping-firing.json");
        assertThat(created.statusCode()).isEqualTo(201);
        String name = new ObjectMapper().readTree(created.body()).path("results").get(0).path("remediation").asText();
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> phase(kube, name) == RemediationPhase.AwaitingApproval);

        pg.close();
        assertThat(post(k, "crashlooping-resolved.json").statusCode()).isEqualTo(202);
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> phase(kube, name) == RemediationPhase.Completed);
        Thread.sleep(6_000); // three retention periods with the database down
        AlertRemediation kept = kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).get();
        assertThat(kept).as("retention must wait for the audit").isNotNull();
        assertThat(kept.getStatus().getConditions()).anySatisfy(c -> {
          assertThat(c.getType()).isEqualTo("AuditPersisted");
          assertThat(c.getStatus()).isEqualTo("False");
        });

        pg = startPostgres(port);
        await().ignoreExceptions().atMost(Duration.ofSeconds(60))
            .until(() -> kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).get() == null);

        try (Connection c = pg.getPostgresDatabase().getConnection()) {
          List<String> transitions = new ArrayList<>();
          try (ResultSet rs = c.createStatement().executeQuery("SELECT payload->>'toPhase' FROM audit_event "
              + "WHERE remediation_id = '" + name + "' AND type = 'PHASE_TRANSITION' "
              + "AND payload->>'resourceKind' = 'AlertRemediation' ORDER BY occurred_at, id")) {
            while (rs.next()) {
              transitions.add(rs.getString(1));
            }
          }
          assertThat(transitions).containsExactly("Processing", "Analyzing", "AwaitingApproval", "Completed");
          try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM audit_event "
              + "WHERE remediation_id = '" + name + "' AND type IN ('REMEDIATION_CREATED', 'REMEDIATION_FINAL')")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
          }
        }
      }
    } finally {
      pg.close();
    }
  }

  private static RemediationPhase phase(io.fabric8.kubernetes.client.KubernetesClient kube, String name) {
    return kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).get().getStatus().getPhase();
  }
}

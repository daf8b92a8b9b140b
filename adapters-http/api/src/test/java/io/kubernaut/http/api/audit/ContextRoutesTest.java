package io.kubernaut.http.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.api.ApiTestServer;
import io.kubernaut.ports.history.RemediationRecord;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/context over real HTTP: the cluster context through the port, plus the target's history. */
class ContextRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TargetRef CHECKOUT = new TargetRef("Deployment", "shop", "checkout");

  private final InMemoryClusterInspector cluster = new InMemoryClusterInspector();
  private final InMemoryRemediationHistory history = new InMemoryRemediationHistory();
  private ApiTestServer server;

  @BeforeEach
  void start() {
    server = ApiTestServer.start(new ContextRoutes(cluster, history, Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static RemediationRecord past(String name, String outcome) {
    return new RemediationRecord(name, new Fingerprint("d".repeat(64)), "KubePodCrashLooping", CHECKOUT, "production",
        "critical", Optional.of(Instant.parse("2025-02-01T10:00:00Z")), Optional.of("Completed"), Optional.of(outcome),
        Optional.of(Instant.parse("2025-02-01T10:05:00Z")));
  }

  @Test
  void theContextHasTheClusterStateWithinTheBudgetAndTheTargetsHistory() throws Exception {
    history.histories.put(CHECKOUT, List.of(past("ar-2", "Remediated"), past("ar-1", "NotRemediated")));

    HttpResponse<String> r = server.get(ContextRoutes.PATH, "namespace", "shop", "kind", "Deployment", "name", "checkout");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode c = JSON.readTree(r.body());
    assertThat(cluster.enriched).containsExactly(CHECKOUT);
    assertThat(cluster.budgets).containsExactly(Duration.ofSeconds(2));
    assertThat(c.path("kubernetes").path("pods").get(0).path("waitingReason").asText()).isEqualTo("CrashLoopBackOff");
    assertThat(c.path("kubernetes").path("namespaceLabels").path("team").asText()).isEqualTo("shop");
    assertThat(c.path("history").findValuesAsText("remediation")).containsExactly("ar-2", "ar-1");
    assertThat(c.path("history").get(1).path("outcome").asText()).isEqualTo("NotRemediated");
    assertThat(c.path("degradations").toString()).contains("Nodes could not be read");
  }

  @Test
  void aClusterScopedTargetNeedsNoNamespace() throws Exception {
    HttpResponse<String> r = server.get(ContextRoutes.PATH, "kind", "Node", "name", "node-1");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(cluster.enriched).containsExactly(new TargetRef("Node", "", "node-1"));
  }

  @Test
  void anUnreachableHistoryStillAnswersTheClusterContextAndSaysWhatIsMissing() throws Exception {
    history.unavailable = true;

    HttpResponse<String> r = server.get(ContextRoutes.PATH, "namespace", "shop", "kind", "Deployment", "name", "checkout");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode c = JSON.readTree(r.body());
    assertThat(c.path("kubernetes").path("pods")).hasSize(1);
    assertThat(c.path("degradations").toString()).contains("remediation history could not be read");
  }

  @Test
  void aMissingKindAndABadNameAreNamedIn400AndTheClusterIsNotAsked() throws Exception {
    HttpResponse<String> r = server.get(ContextRoutes.PATH, "namespace", "shop", "name", "Check_Out");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("errors").toString()).contains("'kind'", "'name'");
    assertThat(cluster.enriched).isEmpty();
  }
}

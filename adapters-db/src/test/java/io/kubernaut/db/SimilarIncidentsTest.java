package io.kubernaut.db;

import static io.kubernaut.db.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.history.IncidentDescription;
import io.kubernaut.ports.history.SimilarIncident;
import io.kubernaut.ports.signal.TargetRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Past incidents compared with a probe of three labels (alertname A, namespace N, container C):
 * "same" has the same labels and another pod (1), "texty" the same labels plus three annotation
 * words (3 / sqrt(3 * 3.75)), "two" shares two labels (2/3), "one" shares one (1/3), "other"
 * shares none (0).
 */
class SimilarIncidentsTest {

  private static final Map<String, String> PROBE =
      Map.of("alertname", "KubePodOOMKilled", "namespace", "payments-staging", "container", "api");
  private static Database database;
  private static JdbcRemediationHistory history;

  @BeforeAll
  static void seed() {
    database = TestPostgres.freshDatabase();
    history = new JdbcRemediationHistory(database);
    Fixtures.write(database, List.of(
        created("same", Map.of("alertname", "KubePodOOMKilled", "namespace", "payments-staging", "container", "api",
            "pod", "payments-api-1"), Map.of()),
        created("texty", PROBE, Map.of("summary", "memory limit exceeded")),
        created("two", Map.of("alertname", "KubePodOOMKilled", "namespace", "payments-staging", "container", "db"),
            Map.of()),
        created("one", Map.of("alertname", "KubePodOOMKilled", "namespace", "shop-prod", "container", "db"), Map.of()),
        created("other", Map.of("alertname", "NodeNotReady", "node", "worker-1"), Map.of())));
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void choosesThePortableScorerOnAServerWithoutPgvector() {
    assertThat(database.similarityScorer()).isEqualTo(SimilarityScorer.PORTABLE);
  }

  @Test
  void ranksPastIncidentsByCosineSimilarityWithTheFiguresOfTheHashedVectors() {
    List<SimilarIncident> similar = history.similar(probe(Optional.empty()), 10, 0.1);

    assertThat(similar).extracting(s -> s.remediation().remediationId()).containsExactly("same", "texty", "two", "one");
    assertThat(similar).extracting(SimilarIncident::similarity).satisfiesExactly(
        s -> assertThat(s).isCloseTo(1.0, within(1e-9)),
        s -> assertThat(s).isCloseTo(3 / Math.sqrt(3 * 3.75), within(1e-9)),
        s -> assertThat(s).isCloseTo(2.0 / 3, within(1e-9)),
        s -> assertThat(s).isCloseTo(1.0 / 3, within(1e-9)));
    assertThat(similar.get(0).remediation().alertName()).isEqualTo("KubePodOOMKilled");
  }

  @Test
  void honoursTheLimitAndTheMinimumSimilarity() {
    assertThat(history.similar(probe(Optional.empty()), 2, 0.1))
        .extracting(s -> s.remediation().remediationId()).containsExactly("same", "texty");
    assertThat(history.similar(probe(Optional.empty()), 10, 0.5))
        .extracting(s -> s.remediation().remediationId()).containsExactly("same", "texty", "two");
  }

  @Test
  void leavesTheIncidentBeingComparedOutOfItsOwnResults() {
    assertThat(history.similar(probe(Optional.of("same")), 10, 0.1))
        .extracting(s -> s.remediation().remediationId()).containsExactly("texty", "two", "one");
  }

  private static IncidentDescription probe(Optional<String> self) {
    return new IncidentDescription(self, PROBE, Map.of());
  }

  private static io.kubernaut.ports.audit.AuditEvent created(String id, Map<String, String> labels,
      Map<String, String> annotations) {
    AuditEvents r = Fixtures.remediation(id, id, new TargetRef("Deployment", "payments-staging", "payments-api"));
    return r.created(T0, labels.get("alertname"), "staging", "warning", labels, annotations);
  }
}

package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kubernaut.k8s.KubernetesConnection;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails once the operator and the database run stops them again, as a graceful stop does. */
class FailedStartTest {

  @TempDir
  Path dir;

  @Test
  void aStartThatFailsOnATakenPortLeavesNoDuplicateFlusherAndNoEmbeddedPostgresRunning() throws Exception {
    long flushersBefore = flushers();
    Path postgres = dir.resolve("op").resolve("postgres");
    try (KubernetesConnection api = KubernetesConnection.embedded(dir.resolve("api"), "kubernaut-system", 0);
        ServerSocket taken = new ServerSocket(0)) {
      OperatorConfig config = OperatorConfig.from(Map.of("KUBERNAUT_HTTP_PORT", Integer.toString(taken.getLocalPort()),
          "KUBERNAUT_DATA_DIR", dir.resolve("op").toString(), "KUBERNAUT_NAMESPACE", "kubernaut-system",
          "KUBERNAUT_LEADER_ELECTION", "false"));

      assertThatThrownBy(() -> Kubernaut.startOn(config, api)).as("the HTTP port is taken")
          .isInstanceOf(RuntimeException.class);

      assertThat(postgres.resolve("PG_VERSION")).as("the embedded PostgreSQL had started").exists();
      assertThat(postgres.resolve("postmaster.pid")).as("and was stopped again").doesNotExist();
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(flushers()).isEqualTo(flushersBefore));
    }
  }

  private static long flushers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals("kubernaut-duplicate-flusher")).count();
  }
}

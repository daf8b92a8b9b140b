package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Stopping an embedded operator in the middle of a remediation (HTTP intake, informers, the audit
 * writer, the database and the embedded API server all busy) is routine: it logs no ERROR and no
 * stack trace.
 */
class GracefulStopTest {

  @TempDir
  Path dataDir;

  @Test
  void stoppingAnEmbeddedOperatorMidRemediationLogsNoErrorAndNoStackTrace() throws Exception {
    EmbeddedApp app = EmbeddedApp.start(dataDir, Map.of());
    ListAppender<ILoggingEvent> stopLog = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/readyz").statusCode() == 200);
      HttpResponse<String> posted = app.post("/api/v1/signals/prometheus", EmbeddedApp.fixture("oomkilled-batch.json"));
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
      String name = EmbeddedApp.JSON.readTree(posted.body()).path("results").get(0).path("remediation").asText();
      // The staging OOMKilled batch runs its action and then monitors for minutes: stop while it is under way.
      await().atMost(Duration.ofSeconds(30)).until(() -> app.kube.resources(WorkflowExecution.class)
          .inNamespace(EmbeddedApp.NAMESPACE).withName(name + "-workflow").get() != null);
    } finally {
      stopLog.start();
      root.addAppender(stopLog);
      try {
        app.close();
      } finally {
        root.detachAppender(stopLog);
        stopLog.stop();
      }
    }

    List<ILoggingEvent> events;
    synchronized (stopLog) {
      events = List.copyOf(stopLog.list);
    }
    assertThat(events).as("the stop logs its end, so the appender saw it")
        .anySatisfy(e -> assertThat(e.getFormattedMessage()).isEqualTo("Kubernaut stopped"));
    assertThat(events).as("events at ERROR while stopping")
        .noneSatisfy(e -> assertThat(e.getLevel().isGreaterOrEqual(Level.ERROR)).isTrue());
    assertThat(events).as("stack traces while stopping")
        .noneSatisfy(e -> assertThat(e.getThrowableProxy()).isNotNull());
  }

  /**
   * The first step of a stop, before the gateway drains and the controllers stop, is that the
   * execution controller starts no action call: a step due to run says why it waits, with no
   * attempt and no start mark, for the replica that reconciles next.
   */
  @Test
  void onceAStopHasBegunNoActionCallStarts() throws Exception {
    try (EmbeddedApp app = EmbeddedApp.start(dataDir, Map.of())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/readyz").statusCode() == 200);
      app.kubernaut.operatorRuntime().beginStopping(); // as Kubernaut.close() does first

      HttpResponse<String> posted = app.post("/api/v1/signals/prometheus", EmbeddedApp.fixture("oomkilled-batch.json"));
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
      String name = EmbeddedApp.JSON.readTree(posted.body()).path("results").get(0).path("remediation").asText();
      String step = name + "-workflow-step-1";
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        KubernetesExecution kex = app.kube.resources(KubernetesExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
            .withName(step).get();
        return kex != null && kex.getStatus() != null && kex.getStatus().getMessage() != null
            && kex.getStatus().getMessage().contains("this replica is stopping");
      });
      KubernetesExecution kex = app.kube.resources(KubernetesExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
          .withName(step).get();
      assertThat(kex.getStatus().getActionStartedAt()).as("no start mark").isNull();
      assertThat(java.util.Objects.requireNonNullElse(kex.getStatus().getAttempts(), 0)).as("no attempt").isZero();
    }
  }
}

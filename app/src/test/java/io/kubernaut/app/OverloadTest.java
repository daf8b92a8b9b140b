package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernaut.k8s.crd.AlertRemediation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overload: 100 closed-loop clients against an embedded operator whose intake admits 4 requests
 * at once. Every alert is either persisted and acknowledged (201 creates an AlertRemediation, 202
 * counts a duplicate on it) or answered 503 with Retry-After; none is acknowledged and then lost,
 * none gets a 429, and the heap after the load is not much larger than before it.
 */
@Tag("drill")
class OverloadTest {

  private static final Logger LOG = LoggerFactory.getLogger(OverloadTest.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAMESPACE = "kubernaut-system";
  private static final int CLIENTS = 100;
  private static final int MAX_CONCURRENT_INTAKE = 4;
  private static final Duration LOAD = Duration.ofSeconds(Long.getLong("kubernaut.overload.seconds", 20));
  private static final long HEAP_GROWTH_BOUND = 256L * 1024 * 1024;

  @TempDir
  Path dataDir;

  /** What the clients saw: every status, and every acknowledgement by remediation name. */
  private static final class Outcomes {
    final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> created = new ConcurrentHashMap<>();
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());

    void violation(String what) {
      if (violations.size() < 20) {
        violations.add(what);
      }
    }

    long count(Function<Integer, Boolean> which) {
      return statuses.entrySet().stream().filter(e -> which.apply(e.getKey())).mapToLong(e -> e.getValue().get()).sum();
    }
  }

  private static String alert(String phase, int client, long n) {
    return "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"kubernaut\",\"alerts\":[{\"status\":\"firing\","
        + "\"labels\":{\"alertname\":\"" + phase + "C" + client + "N" + n + "\",\"namespace\":\"overload\",\"pod\":\"c" + client
        + "-n" + n + "\",\"severity\":\"warning\"},\"startsAt\":\"2026-11-20T10:00:00Z\"}]}";
  }

  @Test
  void tenTimesTheSustainableRateIsEitherPersistedOrAnswered503AndNothingAcknowledgedIsLost() throws Exception {
    try (Kubernaut kubernaut = Kubernaut.start(OperatorConfig.from(Map.of(
            "KUBERNAUT_MODE", "embedded", "KUBERNAUT_HTTP_PORT", "0", "KUBERNAUT_DATA_DIR", dataDir.toString(),
            "KUBERNAUT_MAX_CONCURRENT_INTAKE", String.valueOf(MAX_CONCURRENT_INTAKE))), () -> true);
        KubernetesClient kube = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl(kubernaut.apiServerUrl()).build()).build()) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      URI webhook = URI.create("http://127.0.0.1:" + kubernaut.httpPort() + "/api/v1/signals/prometheus");
      long heapBefore = usedHeapAfterGc();

      double sustainable = drive(http, webhook, kubernaut.apiToken(), MAX_CONCURRENT_INTAKE, Duration.ofSeconds(5),
          Double.MAX_VALUE, new Outcomes(), "Warmup");
      Outcomes outcomes = new Outcomes();
      long started = System.nanoTime();
      drive(http, webhook, kubernaut.apiToken(), CLIENTS, LOAD, 10 * sustainable, outcomes, "Overload");
      double seconds = (System.nanoTime() - started) / 1e9;
      long heapAfter = usedHeapAfterGc();

      // Duplicates are counted in memory and written to status every flush interval (1 s); after a saturating load
      // the flush may lag on a slow host (the 2 s target is the benchmarks'), so the test asks only that none is lost.
      Map<String, AlertRemediation> persisted = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(100)).until(() -> overloadRemediations(kube), now -> now.keySet()
              .equals(outcomes.acknowledged.keySet()) && outcomes.acknowledged.entrySet().stream().allMatch(e ->
                  duplicatesOf(now.get(e.getKey())) == e.getValue().get() - 1));
      long sent = outcomes.count(s -> true);
      long acknowledged = outcomes.count(s -> s == 201 || s == 202);
      long refused = outcomes.count(s -> s == 503);
      LOG.info("Overload: {} clients for {} s against {} intake permits, sustainable {}/s: {} requests ({}/s offered), "
              + "{} acknowledged ({}/s), {} answered 503; statuses {}; {} AlertRemediations; heap after GC {} MB before, "
              + "{} MB after", CLIENTS, LOAD.toSeconds(), MAX_CONCURRENT_INTAKE, Math.round(sustainable), sent,
          Math.round(sent / seconds), acknowledged,
          Math.round(acknowledged / seconds), refused, new TreeMap<>(outcomes.statuses), persisted.size(),
          heapBefore >> 20, heapAfter >> 20);
      outcomes.violations.forEach(v -> LOG.warn("Overload violation: {}", v));

      assertThat(outcomes.violations).as("answers other than 201, 202 or 503 with Retry-After").isEmpty();
      assertThat(outcomes.statuses).doesNotContainKey(429);
      assertThat(refused).as("the intake was overloaded: some alerts were answered 503").isPositive();
      assertThat(sent / seconds).as("offered rate, at least 8x the sustainable rate").isGreaterThan(8 * sustainable);
      assertThat(outcomes.created.values()).as("each remediation acknowledged as created once")
          .allSatisfy(n -> assertThat(n).hasValue(1));
      assertThat(persisted.keySet()).as("every acknowledged alert persisted; nothing persisted unacknowledged")
          .isEqualTo(outcomes.acknowledged.keySet());
      outcomes.acknowledged.forEach((name, acks) -> {
        assertThat(duplicatesOf(persisted.get(name))).as("duplicates counted on " + name).isEqualTo(acks.get() - 1);
      });
      assertThat(heapAfter - heapBefore).as("heap growth after GC").isLessThan(HEAP_GROWTH_BOUND);
    }
  }

  /**
   * Runs {@code clients} clients until {@code duration} has passed, together offering at most
   * {@code rate} requests per second. Each client sends its alert until it is acknowledged (as
   * Alertmanager retries), then once more (as Alertmanager repeats a firing alert), then the next.
   *
   * @return the acknowledged alerts per second
   */
  private static double drive(HttpClient http, URI webhook, String token, int clients, Duration duration, double rate,
      Outcomes outcomes, String phase) throws InterruptedException {
    long interval = rate == Double.MAX_VALUE ? 0 : (long) (clients * 1e9 / rate);
    long started = System.nanoTime();
    long deadline = started + duration.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    for (int c = 0; c < clients; c++) {
      int client = c;
      pool.execute(() -> {
        long next = System.nanoTime();
        long alert = 0;
        boolean acknowledgedOnce = false;
        while (System.nanoTime() < deadline) {
          boolean acknowledged = post(http, webhook, token, alert(phase, client, alert), outcomes);
          if (acknowledged && acknowledgedOnce) {
            alert++;
            acknowledgedOnce = false;
          } else if (acknowledged) {
            acknowledgedOnce = true;
          }
          next += interval;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(duration.toSeconds() + 120, TimeUnit.SECONDS)).as("clients finished").isTrue();
    return outcomes.count(s -> s == 201 || s == 202) / ((System.nanoTime() - started) / 1e9);
  }

  /** Posts one alert and records the answer; true when it was acknowledged. */
  private static boolean post(HttpClient http, URI webhook, String token, String body, Outcomes outcomes) {
    HttpResponse<String> response;
    try {
      response = http.send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      outcomes.statuses.computeIfAbsent(-1, s -> new AtomicLong()).incrementAndGet();
      outcomes.violation("no answer: " + e);
      return false;
    }
    int status = response.statusCode();
    outcomes.statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    if (status == 503) {
      if (response.headers().firstValue("Retry-After").isEmpty()) {
        outcomes.violation("503 without Retry-After");
      }
      return false;
    }
    if (status != 201 && status != 202) {
      outcomes.violation(status + " " + response.body());
      return false;
    }
    try {
      JsonNode result = JSON.readTree(response.body()).path("results").path(0);
      String name = result.path("remediation").asText();
      outcomes.acknowledged.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
      if ("created".equals(result.path("result").asText())) {
        outcomes.created.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
      }
      return true;
    } catch (Exception e) {
      outcomes.violation(status + " with an unreadable body: " + response.body());
      return false;
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static Map<String, AlertRemediation> overloadRemediations(KubernetesClient kube) {
    return kube.resources(AlertRemediation.class).inNamespace(NAMESPACE).list().getItems().stream()
        .filter(ar -> ar.getSpec().getAlertName().startsWith("OverloadC"))
        .collect(Collectors.toMap(ar -> ar.getMetadata().getName(), ar -> ar));
  }

  private static long duplicatesOf(AlertRemediation ar) {
    return ar == null || ar.getStatus() == null || ar.getStatus().getDuplicates() == null
        || ar.getStatus().getDuplicates().getCount() == null ? 0 : ar.getStatus().getDuplicates().getCount();
  }
}

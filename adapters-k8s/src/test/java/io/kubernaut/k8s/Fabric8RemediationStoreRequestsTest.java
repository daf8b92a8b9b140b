package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.kubernaut.ports.remediation.NewRemediation;
import io.kubernaut.ports.remediation.StormCrossing;
import io.kubernaut.ports.remediation.StormThreshold;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the gateway's store asks the API server, counted on the wire: with the watch synced, a duplicate asks nothing. */
class Fabric8RemediationStoreRequestsTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  @TempDir
  static Path dir;

  private static MockApi api;
  private static KubernetesClient client;
  private static CaffeineRecentSignals recent;
  private static Fabric8RemediationStore store;
  /** Every request but the informer's watch, as "METHOD path?query". */
  private static final List<String> requests = new CopyOnWriteArrayList<>();
  /** When set, every status PATCH waits on the wire until it is counted down. */
  private static volatile CountDownLatch statusWrites;

  @BeforeAll
  static void start() {
    api = new MockApi(dir);
    client = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
            .withMasterUrl(api.server.url()).withNamespace(MockApi.NAMESPACE).build())
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count", new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            String query = request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery();
            if (!query.contains("watch=true")) {
              requests.add(request.method() + " " + request.uri().getRawPath() + query);
            }
            CountDownLatch hold = statusWrites;
            if (hold != null && request.method().equals("PATCH") && request.uri().getRawPath().endsWith("/status")) {
              try {
                hold.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        })).build();
    recent = new CaffeineRecentSignals(client, MockApi.NAMESPACE, Duration.ofMinutes(10));
    recent.start();
    // No flush during the test: the flusher's writes are not the duplicate path's.
    store = new Fabric8RemediationStore(client, MockApi.SETTINGS, recent, Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> recent.fromWatch("0".repeat(64)).isPresent());
  }

  @AfterAll
  static void stop() {
    store.close();
    client.close();
    api.close();
  }

  @Test
  void aNewAlertCostsOnlyItsCreateAndItsDuplicatesCostNoRequestOnceTheWatchHasSynced() {
    NewRemediation r = MockApi.remediation("quiet-1", "quiet-fingerprint", T0);
    requests.clear();

    assertThat(store.findByFingerprint(r.fingerprint())).isEmpty();
    store.create(r);
    for (int i = 1; i <= 50; i++) {
      long nth = i;
      assertThat(store.findByFingerprint(r.fingerprint())).singleElement()
          .satisfies(found -> assertThat(found.name()).isEqualTo("quiet-1"));
      assertThat(store.recordDuplicate("quiet-1", T0.plusSeconds(i))).get()
          .satisfies(counted -> assertThat(counted.duplicates().count()).isEqualTo(nth));
    }

    assertThat(requests).singleElement().satisfies(only -> assertThat(only).startsWith("POST ")
        .contains("/alertremediations"));
    store.flushDuplicates();
    assertThat(store.findByName("quiet-1")).get()
        .satisfies(stored -> assertThat(stored.duplicates().count()).isEqualTo(50));
  }

  @Test
  void aCreateThatLostARaceToAnotherReplicaMakesTheNextLookupAskTheApiServer() {
    NewRemediation r = MockApi.remediation("raced-1", "raced-fingerprint", T0);
    assertThat(store.findByFingerprint(r.fingerprint())).isEmpty();
    // Another replica creates it first; this replica's create then answers AlreadyExists.
    try (KubernetesClient other = api.newClient(); Fabric8RemediationStore otherReplica = MockApi.store(other)) {
      otherReplica.create(r);
    }
    try {
      store.create(r);
    } catch (io.kubernaut.ports.failure.AlreadyExistsException expected) {
      requests.clear();
      assertThat(store.findByFingerprint(r.fingerprint())).singleElement()
          .satisfies(found -> assertThat(found.name()).isEqualTo("raced-1"));
      assertThat(requests).singleElement().satisfies(only -> assertThat(only).startsWith("GET ")
          .contains("labelSelector"));
      return;
    }
    throw new AssertionError("The second create of raced-1 should have answered AlreadyExists");
  }

  @Test
  void aDuplicateCrossingAStormThresholdWhileAnotherRecordsItIsAnsweredAtOnceWithoutWaitingForThatWrite()
      throws Exception {
    NewRemediation r = MockApi.remediation("stormy-1", "stormy-fingerprint", T0);
    store.create(r);
    StormCrossing crossing = new StormCrossing(StormThreshold.COUNT, 5, 5, Duration.ZERO, T0);
    CountDownLatch hold = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      statusWrites = hold;
      requests.clear();
      Future<Boolean> first = pool.submit(() -> store.recordStorm(r.name(), crossing));
      await().atMost(Duration.ofSeconds(10)).until(() -> requests.stream().anyMatch(q -> q.startsWith("PATCH ")));

      Future<Boolean> second = pool.submit(() -> store.recordStorm(r.name(), crossing));
      assertThat(second.get(5, TimeUnit.SECONDS)).as("the crossing is being recorded by the first").isFalse();
      assertThat(first.isDone()).as("the first write is still held on the wire").isFalse();

      hold.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).as("the first records it and escalates").isTrue();
      assertThat(requests.stream().filter(q -> q.startsWith("PATCH "))).as("one status write").hasSize(1);
      assertThat(store.recordStorm(r.name(), crossing)).as("recorded before").isFalse();
    } finally {
      statusWrites = null;
      hold.countDown();
      pool.shutdownNow();
    }
  }
}

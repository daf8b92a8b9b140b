package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.kubernaut.ports.remediation.FiringAlerts;
import io.kubernaut.ports.remediation.NewRemediation;
import io.kubernaut.ports.remediation.SourceAlert;
import io.kubernaut.ports.remediation.StormCrossing;
import io.kubernaut.ports.remediation.StormThreshold;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
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
  /** Runs once just before the next status PATCH is sent (then cleared). */
  private static volatile Runnable beforeStatusPatch;
  /** Every storm escalation the store sent, as {@code <remediation>:<threshold>}. */
  private static final List<String> escalations = new CopyOnWriteArrayList<>();

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
            Runnable hook = beforeStatusPatch;
            if (hook != null && "PATCH".equals(request.method()) && request.uri().getRawPath().endsWith("/status")) {
              beforeStatusPatch = null;
              hook.run();
            }
          }
        })).build();
    recent = new CaffeineRecentSignals(client, MockApi.NAMESPACE, Duration.ofMinutes(10));
    recent.start();
    // No flush during the test: the flusher's writes are not the duplicate path's.
    store = new Fabric8RemediationStore(client, MockApi.SETTINGS, recent,
        (ar, crossing) -> escalations.add(ar.name() + ":" + crossing.threshold()), Duration.ofHours(1));
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

  /** A delivery's many alerts of one problem are recorded with one status write; known ones cost nothing after. */
  @Test
  void theFiringAlertsOfOneDeliveryCostOneStatusWrite() {
    NewRemediation r = MockApi.remediation("grouped-1", "grouped-fingerprint", T0);
    assertThat(store.findByFingerprint(r.fingerprint())).isEmpty(); // as the intake looks before it creates
    store.create(r);
    List<SourceAlert> pods = IntStream.rangeClosed(1, 10)
        .mapToObj(i -> new SourceAlert("pod-" + i, T0)).toList();
    requests.clear();

    store.recordFiring("grouped-1", pods, T0.plusSeconds(1));

    assertThat(requests).singleElement().satisfies(only -> assertThat(only).startsWith("PATCH ")
        .endsWith("/alertremediations/grouped-1/status"));
    assertThat(store.tracksFiring("grouped-1", "pod-1")).isTrue();
    assertThat(store.tracksFiring("grouped-1", "pod-10")).isTrue();
    requests.clear();
    store.recordFiring("grouped-1", pods.subList(2, 7), T0.plusSeconds(2));
    assertThat(requests).as("every one known").isEmpty();

    store.recordResolutions("grouped-1", pods.subList(0, 9), T0.plusSeconds(3));
    assertThat(requests).as("nine resolutions, one write").singleElement()
        .satisfies(only -> assertThat(only).startsWith("PATCH ").endsWith("/alertremediations/grouped-1/status"));
    var afterNine = client.resources(io.kubernaut.k8s.crd.AlertRemediation.class).inNamespace(MockApi.NAMESPACE)
        .withName("grouped-1").get().getStatus();
    String creator = afterNine.getFiringAlerts().get(0); // the alert that created it
    assertThat(afterNine.getFiringAlerts()).containsExactly(creator, "pod-10");
    assertThat(afterNine.getResolvedAlerts()).hasSize(9);
    assertThat(afterNine.getResolvedAt()).as("two still fire").isNull();
    store.recordResolutions("grouped-1", List.of(pods.get(9), new SourceAlert(creator, T0)),
        T0.plusSeconds(4));
    assertThat(client.resources(io.kubernaut.k8s.crd.AlertRemediation.class).inNamespace(MockApi.NAMESPACE)
        .withName("grouped-1").get().getStatus().getResolvedAt()).isEqualTo(T0.plusSeconds(4).toString());
    requests.clear();
    store.recordFiring("grouped-1", List.of(new SourceAlert("pod-1", T0.plusSeconds(5))),
        T0.plusSeconds(5));
    assertThat(requests).as("struck off, so no longer known: a new episode of it is recorded again")
        .filteredOn(request -> request.startsWith("PATCH ")).hasSize(1);
    assertThat(store.tracksFiring("grouped-1", "pod-1")).isTrue();
  }

  /**
   * Of a delivery's alerts, only those the status holds afterwards are taken as known: one past {@link
   * FiringAlerts#MAX} or a late firing of a resolved episode is recorded when it fires again with room, or anew.
   */
  @Test
  void alertsOfADeliveryNotHeldPastTheBoundOrLateAreNotTakenAsKnown() {
    NewRemediation r = MockApi.remediation("full-1", "full-fingerprint", T0);
    assertThat(store.findByFingerprint(r.fingerprint())).isEmpty();
    store.create(r);
    store.recordFiring("full-1", IntStream.rangeClosed(1, FiringAlerts.MAX - 3)
        .mapToObj(i -> new SourceAlert("s-" + i, T0)).toList(), T0.plusSeconds(1));
    assertThat(firingOf("full-1")).hasSize(FiringAlerts.MAX - 2);

    store.recordFiring("full-1", List.of(new SourceAlert("p-a", T0), new SourceAlert("p-b", T0),
        new SourceAlert("p-c", T0), new SourceAlert("p-d", T0)), T0.plusSeconds(2));
    assertThat(firingOf("full-1")).hasSize(FiringAlerts.MAX).contains("p-a", "p-b").doesNotContain("p-c", "p-d");
    store.recordResolutions("full-1", List.of(new SourceAlert("p-a", T0)), T0.plusSeconds(3));
    store.recordFiring("full-1", "p-c", T0, T0.plusSeconds(4));
    assertThat(firingOf("full-1")).as("p-c, past the bound before, fires again with room").contains("p-c");

    store.recordResolutions("full-1", List.of(new SourceAlert("p-b", T0)), T0.plusSeconds(5));
    store.recordFiring("full-1", List.of(new SourceAlert("p-b", T0), new SourceAlert("p-e", T0)), T0.plusSeconds(6));
    assertThat(firingOf("full-1")).as("p-b's firing is a late one of its resolved episode").contains("p-e")
        .doesNotContain("p-b");
    store.recordResolutions("full-1", List.of(new SourceAlert("p-e", T0)), T0.plusSeconds(7));
    store.recordFiring("full-1", "p-b", T0.plusSeconds(8), T0.plusSeconds(8));
    assertThat(firingOf("full-1")).as("a new episode of p-b").contains("p-b");
  }

  /**
   * A source mentioned twice in one delivery is recorded as its first mention says: here without a start (never a late
   * firing), then with the start of an episode already resolved (a late one), so it fires.
   */
  @Test
  void aSourceMentionedTwiceInOneDeliveryIsRecordedAsItsFirstMentionSays() {
    NewRemediation r = MockApi.remediation("twice-1", "twice-fingerprint", T0);
    store.create(r);
    store.recordFiring("twice-1", List.of(new SourceAlert("p-a", T0), new SourceAlert("p-z", T0)), T0.plusSeconds(1));
    store.recordResolutions("twice-1", List.of(new SourceAlert("p-a", T0)), T0.plusSeconds(2));
    assertThat(firingOf("twice-1")).doesNotContain("p-a");

    store.recordFiring("twice-1", List.of(new SourceAlert("p-a", null), new SourceAlert("p-a", T0)), T0.plusSeconds(3));

    assertThat(firingOf("twice-1")).contains("p-a");
  }

  private static List<String> firingOf(String name) {
    return client.resources(io.kubernaut.k8s.crd.AlertRemediation.class).inNamespace(MockApi.NAMESPACE).withName(name)
        .get().getStatus().getFiringAlerts();
  }

  @Test
  void duplicatesCountedOnARemediationDeletedBeforeTheirFlushAreDroppedByThatFlushNotRetried() {
    NewRemediation r = MockApi.remediation("gone-1", "gone-fingerprint", T0);
    store.create(r);
    assertThat(store.recordDuplicate("gone-1", T0.plusSeconds(1))).isPresent();
    try (KubernetesClient other = api.newClient()) {
      // Deleted between the cached read the flush writes onto and its PATCH (the finalizer removed first).
      beforeStatusPatch = () -> {
        var ar = other.resources(io.kubernaut.k8s.crd.AlertRemediation.class).inNamespace(MockApi.NAMESPACE)
            .withName("gone-1");
        ar.edit(a -> {
          a.getMetadata().setFinalizers(null);
          return a;
        });
        ar.delete();
      };
      store.flushDuplicates();
    }
    assertThat(beforeStatusPatch).as("the flush sent its PATCH").isNull();
    requests.clear();

    store.flushDuplicates();

    assertThat(requests).as("the 404 told the first flush the remediation is gone: nothing is left to write").isEmpty();
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
  void aDuplicateThatCrossesAStormThresholdAsksNothingAndTheFlushRecordsAndEscalatesItWithTheCountsInOneWrite() {
    NewRemediation r = MockApi.remediation("stormy-1", "stormy-fingerprint", T0);
    assertThat(store.findByFingerprint(r.fingerprint())).isEmpty(); // as the intake looks before it creates
    store.create(r);
    requests.clear();

    for (int i = 1; i <= 8; i++) {
      store.recordDuplicate(r.name(), T0.plusSeconds(i)).orElseThrow();
      if (i >= 5) { // the 5th crosses the count rule; so, as the intake sees it, does every later one until recorded
        assertThat(store.queueStorm(r.name(), new StormCrossing(StormThreshold.COUNT, i, 5, Duration.ZERO,
            T0.plusSeconds(i)))).as("queued by the %dth only", i).isEqualTo(i == 5);
      }
    }
    assertThat(requests).as("counting and queueing ask the API server nothing").isEmpty();
    assertThat(escalations).as("not escalated before it is recorded").isEmpty();

    store.flushDuplicates();

    assertThat(requests).as("one status write carries the counts and the storm").singleElement()
        .satisfies(only -> assertThat(only).startsWith("PATCH ").endsWith("/stormy-1/status"));
    assertThat(escalations).containsExactly("stormy-1:COUNT");
    assertThat(store.findByName(r.name())).get().satisfies(stored -> {
      assertThat(stored.duplicates().count()).isEqualTo(8);
      assertThat(stored.stormsRecorded()).containsExactly(StormThreshold.COUNT);
    });

    requests.clear();
    assertThat(store.queueStorm(r.name(), new StormCrossing(StormThreshold.COUNT, 9, 5, Duration.ZERO,
        T0.plusSeconds(9)))).as("recorded already").isFalse();
    store.flushDuplicates();
    assertThat(requests).as("nothing left to write").isEmpty();
    assertThat(escalations).hasSize(1);
  }
}

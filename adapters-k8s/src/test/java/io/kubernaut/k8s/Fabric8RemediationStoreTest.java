package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.ResolvedAlert;
import io.kubernaut.ports.failure.AlreadyExistsException;
import io.kubernaut.ports.remediation.NewRemediation;
import io.kubernaut.ports.remediation.RecordedResolution;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.remediation.StormCrossing;
import io.kubernaut.ports.remediation.StormThreshold;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store against the CRUD mock API server, with two stores standing for two gateway replicas. */
class Fabric8RemediationStoreTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  private static final java.time.Duration WINDOW = io.kubernaut.ports.remediation.ResolvedAlerts.DEFAULT_LATE_FIRING_WINDOW;

  @TempDir
  static Path dir;

  private static MockApi api;
  private static KubernetesClient clientA;
  private static KubernetesClient clientB;
  private static Fabric8RemediationStore replicaA;
  private static Fabric8RemediationStore replicaB;
  /** Every storm escalation either replica sent, as {@code <replica>:<remediation>:<threshold>}. */
  private static final List<String> escalations = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    api = new MockApi(dir);
    clientA = api.newClient();
    clientB = api.newClient();
    replicaA = MockApi.store(clientA, (ar, crossing) -> escalations.add("A:" + ar.name() + ":" + crossing.threshold()));
    replicaB = MockApi.store(clientB, (ar, crossing) -> escalations.add("B:" + ar.name() + ":" + crossing.threshold()));
  }

  @AfterAll
  static void stop() {
    replicaA.close();
    replicaB.close();
    clientA.close();
    clientB.close();
    api.close();
  }

  private static AlertRemediation read(String name) {
    return clientA.resources(AlertRemediation.class).inNamespace(MockApi.NAMESPACE).withName(name).get();
  }

  private static void setPhase(String name, RemediationPhase phase) {
    clientA.resources(AlertRemediation.class).inNamespace(MockApi.NAMESPACE).withName(name).subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"" + phase + "\"}}");
  }

  @Test
  void fiftyParallelDuplicatesThroughTwoReplicasAreAllInStatusAfterTheFlush() throws Exception {
    NewRemediation r = MockApi.remediation("parallel-dup", "parallel", T0);
    replicaA.create(r);
    List<Long> counts = countConcurrently(r, 50, 25, i -> i % 2 == 0 ? replicaA : replicaB);

    assertThat(counts).hasSize(50).allSatisfy(c -> assertThat(c).isBetween(1L, 50L));
    // The flush runs every second; the bound leaves room for a slow host (the 2 s target is the benchmark's).
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
        assertThat(read(r.name()).getStatus()).isNotNull().satisfies(status ->
            assertThat(status.getDuplicates().getCount()).isEqualTo(50)));
    AlertRemediation stored = read(r.name());
    assertThat(stored.getStatus().getRecentDuplicates()).hasSize(RemediationSummary.RECENT_DUPLICATES)
        .last().isEqualTo(T0.plusMillis(49).toString());
    assertThat(stored.getStatus().getDuplicates().getLastSeen()).isEqualTo(T0.plusMillis(49).toString());
  }

  @Test
  void twoHundredConcurrentDuplicatesOnOneReplicaAreExactlyTheCountInStatusAfterTheFlush() throws Exception {
    NewRemediation r = MockApi.remediation("many-dup", "many", T0);
    replicaA.create(r);
    List<Long> counts = countConcurrently(r, 200, 16, i -> replicaA);

    assertThat(counts).as("one replica's answers count every duplicate once").doesNotHaveDuplicates();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
        assertThat(read(r.name()).getStatus()).isNotNull().satisfies(status ->
            assertThat(status.getDuplicates().getCount()).isEqualTo(200)));
  }

  /** Records {@code n} duplicates (arriving 1 ms apart) on {@code threads} threads; the counts answered, in order. */
  private static List<Long> countConcurrently(NewRemediation r, int n, int threads,
      java.util.function.IntFunction<Fabric8RemediationStore> replicaFor) throws Exception {
    List<Callable<RemediationSummary>> posts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Fabric8RemediationStore replica = replicaFor.apply(i);
      Instant at = T0.plusMillis(i);
      posts.add(() -> replica.recordDuplicate(r.name(), at).orElseThrow());
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Long> counts = new ArrayList<>();
    for (Future<RemediationSummary> f : pool.invokeAll(posts)) {
      counts.add(f.get().duplicates().count());
    }
    pool.shutdown();
    return counts;
  }

  @Test
  void twoReplicasFlushingTheSameRemediationAtOnceBothLandTheirCounts() throws Exception {
    NewRemediation r = MockApi.remediation("two-flushers", "flushers", T0);
    replicaA.create(r);
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 30; i++) {
        replicaA.recordDuplicate(r.name(), T0.plusSeconds(round).plusMillis(i)).orElseThrow();
      }
      for (int i = 0; i < 20; i++) {
        replicaB.recordDuplicate(r.name(), T0.plusSeconds(round).plusMillis(100 + i)).orElseThrow();
      }
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Future<?>> flushes = List.of(pool.submit(replicaA::flushDuplicates), pool.submit(replicaB::flushDuplicates));
      for (Future<?> f : flushes) {
        f.get();
      }
      pool.shutdown();
      assertThat(read(r.name()).getStatus().getDuplicates().getCount()).isEqualTo(50L * (round + 1));
    }
  }

  @Test
  void flushesRacingThePipelinesStatusWritesLoseNeitherCountsNorThePipelinesFields() throws Exception {
    NewRemediation r = MockApi.remediation("flush-race", "flushrace", T0);
    replicaA.create(r);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<?> pipeline = pool.submit(() -> pipelineWrites(r.name(), 60));
    Future<?> gateway = pool.submit(() -> {
      for (int i = 0; i < 150; i++) {
        replicaA.recordDuplicate(r.name(), T0.plusMillis(i)).orElseThrow();
        if (i % 10 == 9) {
          replicaA.flushDuplicates();
        }
      }
    });
    pipeline.get();
    gateway.get();
    pool.shutdown();
    replicaA.flushDuplicates();

    AlertRemediation stored = read(r.name());
    assertThat(stored.getStatus().getDuplicates().getCount()).isEqualTo(150);
    assertThat(stored.getStatus().getMessage()).isEqualTo("step 59");
  }

  @Test
  void secondCreateOfTheSameNameIsAlreadyExistsWhichIsTheCreateLock() {
    NewRemediation r = MockApi.remediation("create-lock", "lock", T0);
    replicaA.create(r);

    assertThatThrownBy(() -> replicaB.create(r)).isInstanceOf(AlreadyExistsException.class);
  }

  @Test
  void duplicateOfARemediationThatHasEndedIsNotCounted() {
    NewRemediation r = MockApi.remediation("ended-dup", "ended", T0);
    replicaA.create(r);
    replicaA.recordDuplicate(r.name(), T0.plusSeconds(1));
    replicaA.flushDuplicates();
    setPhase(r.name(), RemediationPhase.Completed);
    awaitSeenBy(replicaA, r, RemediationPhase.Completed);

    assertThat(replicaA.recordDuplicate(r.name(), T0.plusSeconds(2))).isEmpty();
    replicaA.flushDuplicates();
    assertThat(read(r.name()).getStatus().getDuplicates().getCount()).isEqualTo(1);
  }

  @Test
  void aRemediationBlockedUntilALiftTimeCountsDuplicatesUntilThenAndReadsItsLiftTimeBack() {
    NewRemediation r = MockApi.remediation("blocked-dup", "blocked", T0);
    replicaA.create(r);
    Instant lifts = T0.plusSeconds(300);
    clientA.resources(AlertRemediation.class).inNamespace(MockApi.NAMESPACE).withName(r.name()).subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"phase\":\"Blocked\",\"blockedUntil\":\"" + lifts + "\"}}");
    awaitSeenBy(replicaB, r, RemediationPhase.Blocked);

    assertThat(replicaB.recordDuplicate(r.name(), lifts.minusSeconds(1))).hasValueSatisfying(summary -> {
      assertThat(summary.duplicates().count()).isEqualTo(1);
      assertThat(summary.blockedUntil()).isEqualTo(lifts);
    });
    assertThat(replicaB.recordDuplicate(r.name(), lifts)).as("the block has lifted").isEmpty();
    assertThat(replicaA.findByFingerprint(r.fingerprint())).singleElement()
        .satisfies(summary -> assertThat(summary.absorbsAt(lifts.minusSeconds(1))).isTrue());
    replicaB.flushDuplicates();
    assertThat(read(r.name()).getStatus().getDuplicates().getCount()).isEqualTo(1);
  }

  /** Writes {@code status.message} {@code times} times, as the pipeline's status writer does, each from a fresh read. */
  /**
   * Status writes as the AlertRemediation controller makes them: its first onto the version read (creating
   * {@code /status} replaces it whole, so a flush written meanwhile is a 409 and the write reads again,
   * as {@code AlertRemediationReconciler.firstStatusWrite} does), the later ones field by field.
   */
  private static void pipelineWrites(String name, int times) {
    for (int i = 0; i < times; i++) {
      AlertRemediation current = read(name);
      java.util.Map<String, Object> fields = java.util.Map.of("message", "step " + i);
      if (current.getStatus() != null) {
        io.kubernaut.k8s.status.StatusPatches.setStatusFields(clientB, current, true, fields);
        continue;
      }
      try {
        io.kubernaut.k8s.status.StatusPatches.setStatusFieldsOnVersion(clientB, current, false, fields);
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        i--; // a flush landed since the read: read again
      }
    }
  }

  /** Waits until the replica's dedup cache (kept by its watch) shows the remediation in {@code phase}. */
  private static void awaitSeenBy(Fabric8RemediationStore replica, NewRemediation r, RemediationPhase phase) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(replica.findByFingerprint(r.fingerprint()))
        .singleElement().satisfies(summary -> assertThat(summary.phase()).isEqualTo(phase)));
  }

  @Test
  void aStormCrossingQueuedOnBothReplicasIsRecordedByExactlyOneOfTheirRacingFlushesAndEscalatedOnce() throws Exception {
    for (int round = 0; round < 5; round++) {
      NewRemediation r = MockApi.remediation("storm-race-" + round, "storm" + round, T0);
      replicaA.create(r);
      awaitSeenBy(replicaB, r, RemediationPhase.Pending);
      StormCrossing crossing = new StormCrossing(StormThreshold.RATE, 3, 3, Duration.ofMinutes(5), T0.plusSeconds(round));
      for (Fabric8RemediationStore replica : List.of(replicaA, replicaB)) {
        replica.recordDuplicate(r.name(), T0.plusSeconds(round)).orElseThrow();
        assertThat(replica.queueStorm(r.name(), crossing)).as("queued on this replica").isTrue();
        assertThat(replica.queueStorm(r.name(), crossing)).as("queued once per replica").isFalse();
      }
      // Both flush at once (their scheduled flushes, every second, may race each other too).
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Future<?>> flushes = List.of(pool.submit(replicaA::flushDuplicates), pool.submit(replicaB::flushDuplicates));
      for (Future<?> f : flushes) {
        f.get();
      }
      pool.shutdown();

      assertThat(escalations).filteredOn(e -> e.endsWith(":" + r.name() + ":RATE")).as("one escalation").hasSize(1);
      var status = read(r.name()).getStatus();
      assertThat(status.getDuplicates().getCount()).as("both replicas' counts landed").isEqualTo(2);
      assertThat(status.getStorm().getThreshold()).isEqualTo("rate");
      assertThat(status.getStorm().getWindow()).isEqualTo("5m");
      assertThat(status.getStorm().getCrossed()).containsExactly("rate");
      assertThat(replicaB.findByName(r.name()).orElseThrow().stormsRecorded()).containsExactly(StormThreshold.RATE);
      replicaA.flushDuplicates();
      replicaB.flushDuplicates();
      assertThat(escalations).filteredOn(e -> e.contains(":" + r.name() + ":")).as("nothing more").hasSize(1);
    }
  }

  @Test
  void aStormCrossingQueuedWhileThePipelineWritesStatusIsRecordedAndKeepsThePipelinesFields() throws Exception {
    NewRemediation r = MockApi.remediation("storm-pipeline", "stormpipeline", T0);
    replicaA.create(r);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<?> pipeline = pool.submit(() -> pipelineWrites(r.name(), 40));
    Future<?> gateway = pool.submit(() -> {
      for (int i = 0; i < 20; i++) {
        replicaA.recordDuplicate(r.name(), T0.plusMillis(i)).orElseThrow();
        if (i == 4) {
          replicaA.queueStorm(r.name(), new StormCrossing(StormThreshold.COUNT, 5, 5, Duration.ZERO, T0.plusMillis(i)));
        }
        if (i % 5 == 4) {
          replicaA.flushDuplicates();
        }
      }
    });
    pipeline.get();
    gateway.get();
    pool.shutdown();
    replicaA.flushDuplicates();

    AlertRemediation stored = read(r.name());
    assertThat(stored.getStatus().getDuplicates().getCount()).isEqualTo(20);
    assertThat(stored.getStatus().getStorm().getCrossed()).containsExactly("count");
    assertThat(stored.getStatus().getMessage()).isEqualTo("step 39");
    assertThat(escalations).filteredOn(e -> e.contains(":" + r.name() + ":")).containsExactly("A:" + r.name() + ":COUNT");
  }

  @Test
  void resolutionIsRecordedOnceAndKeepsItsFirstTime() {
    NewRemediation r = MockApi.remediation("resolved-once", "resolved", T0);
    replicaA.create(r);
    replicaA.recordResolution(r.name(), T0.plusSeconds(5), "", null, false);
    replicaB.recordResolution(r.name(), T0.plusSeconds(9), "", null, false);

    assertThat(read(r.name()).getStatus().getResolvedAt()).isEqualTo(T0.plusSeconds(5).toString());
  }

  @Test
  void aProblemReportedByTwoAlertsIsResolvedOnlyOnceBothHaveResolvedWhicheverReplicaHearsOfThem() {
    NewRemediation r = MockApi.remediation("two-pods", "two-pods", T0);
    String creator = r.signal().sourceFingerprint();
    replicaA.create(r);
    replicaA.recordFiring(r.name(), "second-pod", T0.plusSeconds(1), T0.plusSeconds(1));
    replicaB.recordFiring(r.name(), "second-pod", T0.plusSeconds(2), T0.plusSeconds(2));
    replicaB.recordFiring(r.name(), creator, T0.plusSeconds(2), T0.plusSeconds(2));
    assertThat(read(r.name()).getStatus().getFiringAlerts()).containsExactly(creator, "second-pod");
    assertThat(replicaB.tracksFiring(r.name(), "second-pod")).as("recorded by the other replica").isTrue();
    assertThat(replicaA.tracksFiring(r.name(), creator)).isTrue();
    assertThat(replicaA.tracksFiring(r.name(), "third-pod")).as("never recorded").isFalse();

    RecordedResolution first = replicaB.recordResolution(r.name(), T0.plusSeconds(5), creator, T0, false);

    assertThat(first.stillFiring()).isEqualTo(1);
    assertThat(read(r.name()).getStatus().getResolvedAt()).isNull();
    assertThat(read(r.name()).getStatus().getFiringAlerts()).containsExactly("second-pod");
    assertThat(replicaB.tracksFiring(r.name(), creator)).as("struck off").isFalse();

    RecordedResolution last = replicaA.recordResolution(r.name(), T0.plusSeconds(9), "second-pod", T0.plusSeconds(1), false);

    assertThat(last.stillFiring()).isZero();
    AlertRemediation stored = read(r.name());
    assertThat(stored.getStatus().getResolvedAt()).isEqualTo(T0.plusSeconds(9).toString());
    assertThat(stored.getStatus().getFiringAlerts()).isEmpty();
  }

  @Test
  void eachResolvedEpisodeIsKeptBySourceOnTheRemediationAndReadBackInItsSummaryWhicheverReplicaHeardIt() {
    NewRemediation r = MockApi.remediation("episodes", "episodes", T0);
    String creator = r.signal().sourceFingerprint();
    replicaA.create(r);
    replicaA.recordFiring(r.name(), "second-pod", T0.plusSeconds(1), T0.plusSeconds(1));

    replicaA.recordResolution(r.name(), T0.plusSeconds(5), creator, T0, false);
    replicaB.recordResolution(r.name(), T0.plusSeconds(6), "second-pod", T0.plusSeconds(1), false);
    replicaA.recordResolution(r.name(), T0.plusSeconds(7), creator, T0, false); // the same episode again: no write

    AlertRemediation stored = read(r.name());
    assertThat(stored.getStatus().getResolvedAlerts())
        .extracting(ResolvedAlert::getSource, ResolvedAlert::getStartsAt, ResolvedAlert::getResolvedAt)
        .containsExactly(tuple(creator, T0.toString(), T0.plusSeconds(5).toString()),
            tuple("second-pod", T0.plusSeconds(1).toString(), T0.plusSeconds(6).toString()));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      RemediationSummary summary = replicaB.findByName(r.name()).orElseThrow();
      assertThat(summary.resolvedAlerts().ended(creator, T0, T0.plusSeconds(8), WINDOW)).isTrue();
      assertThat(summary.resolvedAlerts().ended("second-pod", T0.plusSeconds(1), T0.plusSeconds(8), WINDOW)).isTrue();
      assertThat(summary.resolvedAlerts().ended(creator, T0.plusSeconds(60), T0.plusSeconds(8), WINDOW)).as("a later episode")
          .isFalse();
    });
  }

  @Test
  void aLateFiringOfAResolvedEpisodeIsNotRecordedAsFiringAgainButTheSameStartLongAfterIs() {
    NewRemediation r = MockApi.remediation("late-firing", "late-firing", T0);
    replicaA.create(r);
    replicaA.recordFiring(r.name(), "second-pod", T0, T0.plusSeconds(1));
    replicaA.recordResolution(r.name(), T0.plusSeconds(5), "second-pod", T0, false);

    replicaB.recordFiring(r.name(), "second-pod", T0, T0.plusSeconds(30)); // the HA twin, through the other replica

    assertThat(read(r.name()).getStatus().getFiringAlerts()).containsExactly(r.signal().sourceFingerprint());
    Instant later = T0.plusSeconds(5).plus(io.kubernaut.ports.remediation.ResolvedAlerts.DEFAULT_LATE_FIRING_WINDOW);
    replicaB.recordFiring(r.name(), "second-pod", T0, later);
    assertThat(read(r.name()).getStatus().getFiringAlerts()).as("firing again for real")
        .containsExactly(r.signal().sourceFingerprint(), "second-pod");
  }

  @Test
  void aStoreConfiguredWithAShorterLateFiringWindowRecordsTheSameStartOnceThatWindowHasPassed() {
    NewRemediation r = MockApi.remediation("short-window", "short-window", T0);
    replicaA.create(r);
    replicaA.recordFiring(r.name(), "second-pod", T0, T0.plusSeconds(1));
    replicaA.recordResolution(r.name(), T0.plusSeconds(5), "second-pod", T0, false);
    KubernetesSettings minute = new KubernetesSettings(MockApi.NAMESPACE, "test", false, false, "",
        Shard.ALL, KubernetesSettings.INVESTIGATION_CONCURRENCY,
        KubernetesSettings.REMEDIATIONS_IN_FLIGHT, java.time.Duration.ofMinutes(1));
    try (KubernetesClient clientC = api.newClient()) {
      CaffeineRecentSignals recent = new CaffeineRecentSignals(clientC, MockApi.NAMESPACE, java.time.Duration.ofMinutes(10));
      recent.start();
      Fabric8RemediationStore replicaC = new Fabric8RemediationStore(clientC, minute, recent,
          io.kubernaut.ports.in.EscalateStorm.none());
      try {
        replicaC.recordFiring(r.name(), "second-pod", T0, T0.plusSeconds(50));
        assertThat(read(r.name()).getStatus().getFiringAlerts()).as("within its minute: late")
            .containsExactly(r.signal().sourceFingerprint());

        replicaC.recordFiring(r.name(), "second-pod", T0, T0.plusSeconds(90));

        assertThat(read(r.name()).getStatus().getFiringAlerts()).as("past its minute, though within the default window")
            .containsExactly(r.signal().sourceFingerprint(), "second-pod");
      } finally {
        replicaC.close();
      }
    }
  }

  @Test
  void aResolvedEpisodeIsRecordedOnAnEndedRemediationWithoutResolvingItAndOnlyOnce() {
    NewRemediation r = MockApi.remediation("ended-episode", "ended-episode", T0);
    replicaA.create(r);
    AlertRemediation ended = read(r.name());
    clientA.resource(ended).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"status\":{\"phase\":\"Completed\",\"outcome\":\"Remediated\"}}");
    await().atMost(Duration.ofSeconds(10)).until(() -> replicaA.findByName(r.name()).orElseThrow().phase()
        == RemediationPhase.Completed);

    replicaA.recordResolvedEpisode(r.name(), T0.plusSeconds(5), r.signal().sourceFingerprint(), T0);
    String version = read(r.name()).getMetadata().getResourceVersion();
    replicaB.recordResolvedEpisode(r.name(), T0.plusSeconds(5), r.signal().sourceFingerprint(), T0);
    replicaB.recordResolvedEpisode("gone", T0.plusSeconds(5), r.signal().sourceFingerprint(), T0);

    AlertRemediation stored = read(r.name());
    assertThat(stored.getStatus().getResolvedAlerts()).extracting(ResolvedAlert::getSource)
        .containsExactly(r.signal().sourceFingerprint());
    assertThat(stored.getStatus().getResolvedAt()).isNull();
    assertThat(stored.getStatus().getPhase()).isEqualTo(RemediationPhase.Completed);
    assertThat(stored.getMetadata().getResourceVersion()).as("recorded already: no second write").isEqualTo(version);
  }

  @Test
  void aResolutionBesideAnAlertStillFiringInItsDeliveryStrikesItsSourceOffWithoutResolving() {
    NewRemediation r = MockApi.remediation("struck-off", "struck-off", T0);
    replicaA.create(r);

    RecordedResolution struck = replicaA.recordResolution(r.name(), T0.plusSeconds(5), r.signal().sourceFingerprint(), T0,
        true);

    assertThat(struck.stillFiring()).as("the delivery's firing alert is recorded next").isZero();
    AlertRemediation stored = read(r.name());
    assertThat(stored.getStatus().getResolvedAt()).isNull();
    assertThat(stored.getStatus().getFiringAlerts()).isEmpty();
    replicaA.recordFiring(r.name(), "still-firing", T0.plusSeconds(5), T0.plusSeconds(5));
    assertThat(read(r.name()).getStatus().getFiringAlerts()).containsExactly("still-firing");
  }

  @Test
  void anAlertThatResolvedAndFiresAgainAtOnceIsRecordedAgain() {
    NewRemediation r = MockApi.remediation("fires-again", "fires-again", T0);
    replicaA.create(r);
    replicaA.recordFiring(r.name(), "flapping", T0.plusSeconds(1), T0.plusSeconds(1));
    replicaA.recordResolution(r.name(), T0.plusSeconds(2), "flapping", T0.plusSeconds(1), false);
    assertThat(read(r.name()).getStatus().getFiringAlerts()).containsExactly(r.signal().sourceFingerprint());

    replicaA.recordFiring(r.name(), "flapping", T0.plusSeconds(3), T0.plusSeconds(3));

    assertThat(read(r.name()).getStatus().getFiringAlerts()).as("within the 10 s it was remembered as recorded")
        .containsExactly(r.signal().sourceFingerprint(), "flapping");
  }

  @Test
  void cachedRemediationIsRefreshedByTheWatchWhenItChanges() {
    NewRemediation r = MockApi.remediation("cache-refresh", "refresh", T0);
    replicaA.create(r);
    await().atMost(Duration.ofSeconds(10)).until(() -> replicaA.findByFingerprint(r.fingerprint()).size() == 1);
    CaffeineRecentSignals recent = new CaffeineRecentSignals(clientA, MockApi.NAMESPACE, Duration.ofMinutes(1));
    recent.start();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      recent.remember(r.fingerprint().hex(), List.of(read(r.name())), true);
      assertThat(recent.byFingerprint(r.fingerprint().hex())).isPresent();
    });

    setPhase(r.name(), RemediationPhase.Completed);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(recent.byFingerprint(r.fingerprint().hex()).orElseThrow())
            .singleElement().satisfies(ar -> assertThat(ar.getStatus().getPhase()).isEqualTo(RemediationPhase.Completed)));
    recent.close();
  }

  /** What the embedded API server does with optimistic locking and merge patches; DESIGN.md explains the consequences. */
  @Test
  void embeddedApiAnswersAStaleResourceVersionInAPatchOrAStatusPutWith409AndReplacesMergePatchArrays() {
    NewRemediation r = MockApi.remediation("mock-locking", "mocklock", T0);
    replicaA.create(r);
    AlertRemediation stale = read(r.name());
    replicaA.recordDuplicate(r.name(), T0.plusSeconds(1));
    replicaA.flushDuplicates();
    String staleVersion = stale.getMetadata().getResourceVersion();

    assertThatThrownBy(() -> clientA.resources(AlertRemediation.class).inNamespace(MockApi.NAMESPACE)
        .withName(r.name()).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"resourceVersion\":\"" + staleVersion + "\"},\"status\":{\"resolvedAt\":\"x\"}}"))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

    stale.setStatus(read(r.name()).getStatus());
    stale.getStatus().setResolvedAt(T0.toString());
    assertThatThrownBy(() -> clientA.resource(stale).updateStatus()).as("as a real API server, unlike fabric8's mock")
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(read(r.name()).getStatus().getResolvedAt()).isNull();

    for (int i = 0; i < 2; i++) {
      clientA.resources(AlertRemediation.class).inNamespace(MockApi.NAMESPACE).withName(r.name()).subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"recentDuplicates\":[\"" + T0 + "\"]}}");
    }
    assertThat(read(r.name()).getStatus().getRecentDuplicates()).as("RFC 7386: a merge patch replaces a list")
        .containsExactly(T0.toString());
  }
}

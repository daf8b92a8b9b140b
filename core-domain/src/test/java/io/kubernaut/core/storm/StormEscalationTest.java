package io.kubernaut.core.storm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.core.classification.EnvironmentClassifier;
import io.kubernaut.core.fakes.InMemoryClusterInspector;
import io.kubernaut.core.fakes.InMemoryNotifier;
import io.kubernaut.core.fakes.InMemoryRemediationStore;
import io.kubernaut.core.intake.AlertIntake;
import io.kubernaut.ports.in.IngestSignalCommand;
import io.kubernaut.ports.in.IntakeOutcome;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.remediation.StormThreshold;
import io.kubernaut.ports.signal.Signal;
import io.kubernaut.ports.signal.SignalSource;
import io.kubernaut.ports.signal.SignalStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BR-ALERT-003/006: storm thresholds per environment, one escalation per threshold crossing. The duplicate
 * that crosses a threshold queues it; the store's flush records it and only then is it escalated.
 */
class StormEscalationTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  private final InMemoryNotifier notifier = new InMemoryNotifier();
  private final InMemoryRemediationStore store = new InMemoryRemediationStore(
      new StormEscalator(notifier, PipelineMetrics.none()));
  private final AlertIntake intake = new AlertIntake(store, new InMemoryClusterInspector(),
      new EnvironmentClassifier(Map.of()), new StormDetector(StormPolicy.defaults()), TopologyStormWindow.off());

  private IntakeOutcome post(String namespace, Instant at) {
    return intake.ingest(new IngestSignalCommand(new Signal(SignalSource.PROMETHEUS, "KubePodCrashLooping", "warning",
        SignalStatus.FIRING, null, Map.of("alertname", "KubePodCrashLooping", "namespace", namespace,
            "deployment", "checkout"), Map.of(), T0, ""), at));
  }

  @ParameterizedTest(name = "{0}: {1}+ duplicates escalate once")
  @CsvSource({"shop-prod, 5", "shop-staging, 8", "shop-dev, 10", "shop, 8"})
  void countThresholdOfTheEnvironmentEscalatesExactlyOnceWhenReached(String namespace, int threshold) {
    post(namespace, T0);
    List<Integer> escalatedAt = new ArrayList<>();
    for (int duplicate = 1; duplicate <= threshold * 2; duplicate++) {
      // An hour apart, so that only the count rule can cross.
      IntakeOutcome outcome = post(namespace, T0.plus(Duration.ofHours(duplicate)));
      if (!outcome.stormsQueued().isEmpty()) {
        escalatedAt.add(duplicate);
        assertThat(outcome.stormsQueued()).containsExactly(StormThreshold.COUNT);
        assertThat(outcome.message()).contains("escalation is queued");
        assertThat(notifier.sent()).as("nothing is sent before the store records the crossing").isEmpty();
      }
      store.flush();
    }

    assertThat(escalatedAt).containsExactly(threshold);
    assertThat(notifier.sent()).singleElement().satisfies(n -> {
      assertThat(n.type()).isEqualTo(NotificationType.STORM);
      assertThat(n.idempotencyKey()).endsWith(":count").startsWith("storm:" + n.remediationName());
      assertThat(n.body()).contains("kubectl describe ar " + n.remediationName());
    });
  }

  @ParameterizedTest(name = "{0}: {1} within {2} min escalate once")
  @CsvSource({"shop-prod, 3, 5", "shop-staging, 5, 10", "shop-dev, 8, 15", "shop, 5, 10"})
  void rateThresholdOfTheEnvironmentEscalatesOnceWhenEnoughDuplicatesArriveWithinItsWindow(
      String namespace, int rateCount, int windowMinutes) {
    post(namespace, T0);
    Duration gap = Duration.ofMinutes(windowMinutes).dividedBy(rateCount);
    List<Integer> escalatedAt = new ArrayList<>();
    for (int duplicate = 1; duplicate < rateCount + 3; duplicate++) {
      IntakeOutcome outcome = post(namespace, T0.plus(gap.multipliedBy(duplicate)));
      if (outcome.stormsQueued().contains(StormThreshold.RATE)) {
        escalatedAt.add(duplicate);
      }
      store.flush();
    }

    assertThat(escalatedAt).containsExactly(rateCount);
    assertThat(notifier.sent()).filteredOn(n -> n.idempotencyKey().endsWith(":rate")).hasSize(1)
        .first().extracting(Notification::details).satisfies(d ->
            assertThat(d).as("the short form the composer shows").containsEntry("window", windowMinutes + "m"));
  }

  @org.junit.jupiter.api.Test
  void duplicatesSpreadWiderThanTheWindowNeverCrossTheRateRule() {
    post("shop-prod", T0);
    for (int duplicate = 1; duplicate <= 4; duplicate++) {
      post("shop-prod", T0.plus(Duration.ofMinutes(3L * duplicate)));
      store.flush();
    }

    assertThat(store.storms()).noneMatch(c -> c.threshold() == StormThreshold.RATE);
    assertThat(notifier.sent()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void duplicatesCrossingAThresholdBetweenTwoFlushesQueueItOnceAndTheFlushEscalatesItOnce() {
    post("shop-prod", T0);
    List<IntakeOutcome> outcomes = new ArrayList<>();
    for (int duplicate = 1; duplicate <= 12; duplicate++) {
      outcomes.add(post("shop-prod", T0.plusSeconds(duplicate)));
    }

    // The 3rd crosses the rate rule (3 within 5 min), the 5th the count rule; the later ones find them queued.
    assertThat(outcomes.get(2).stormsQueued()).containsExactly(StormThreshold.RATE);
    assertThat(outcomes.get(4).stormsQueued()).containsExactly(StormThreshold.COUNT);
    assertThat(outcomes).flatExtracting(IntakeOutcome::stormsQueued).hasSize(2);
    assertThat(store.queuedStorms()).isEqualTo(2);
    assertThat(notifier.sent()).as("queued, not yet recorded: nothing escalated").isEmpty();
    assertThat(store.storms()).isEmpty();

    store.flush();
    assertThat(notifier.sent()).extracting(Notification::idempotencyKey)
        .containsExactly("storm:" + outcomes.get(0).remediationName() + ":rate",
            "storm:" + outcomes.get(0).remediationName() + ":count");
    assertThat(notifier.sent()).first().satisfies(n ->
        assertThat(n.details()).containsEntry("count", "3").containsEntry("limit", "3"));

    assertThat(post("shop-prod", T0.plusSeconds(13)).stormsQueued()).as("recorded: never crossed again").isEmpty();
    store.flush();
    assertThat(notifier.sent()).hasSize(2);
  }
}

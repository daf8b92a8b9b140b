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

/** BR-ALERT-003/006: storm thresholds per environment, one escalation per threshold crossing. */
class StormEscalationTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  private final InMemoryRemediationStore store = new InMemoryRemediationStore();
  private final InMemoryNotifier notifier = new InMemoryNotifier();
  private final AlertIntake intake = new AlertIntake(store, new InMemoryClusterInspector(),
      new EnvironmentClassifier(Map.of()), new StormEscalator(new StormDetector(StormPolicy.defaults()), store, notifier),
      TopologyStormWindow.off());

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
      if (!outcome.stormsEscalated().isEmpty()) {
        escalatedAt.add(duplicate);
        assertThat(outcome.stormsEscalated()).containsExactly(StormThreshold.COUNT);
      }
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
      if (outcome.stormsEscalated().contains(StormThreshold.RATE)) {
        escalatedAt.add(duplicate);
      }
    }

    assertThat(escalatedAt).containsExactly(rateCount);
    assertThat(notifier.sent()).filteredOn(n -> n.idempotencyKey().endsWith(":rate")).hasSize(1)
        .first().extracting(Notification::details).satisfies(d ->
            assertThat(d).containsEntry("window", Duration.ofMinutes(windowMinutes).toString()));
  }

  @org.junit.jupiter.api.Test
  void duplicatesSpreadWiderThanTheWindowNeverCrossTheRateRule() {
    post("shop-prod", T0);
    for (int duplicate = 1; duplicate <= 4; duplicate++) {
      post("shop-prod", T0.plus(Duration.ofMinutes(3L * duplicate)));
    }

    assertThat(store.storms()).noneMatch(c -> c.threshold() == StormThreshold.RATE);
    assertThat(notifier.sent()).isEmpty();
  }
}

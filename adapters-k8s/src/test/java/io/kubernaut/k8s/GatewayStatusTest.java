package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.ResolvedAlert;
import io.kubernaut.ports.remediation.FiringAlerts;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.remediation.SourceAlert;
import io.kubernaut.ports.signal.Rfc3339Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The recent arrival times a flush writes: the stored ones and the batch's, merged, the latest kept. */
class GatewayStatusTest {

  private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

  @Test
  void aFiringTheStatusRecordsAsALateOneOfAResolvedEpisodeAddsNoSourceAndAnUnreadableEntryTellsNothing() {
    io.kubernaut.k8s.crd.AlertRemediationStatus status = new io.kubernaut.k8s.crd.AlertRemediationStatus();
    status.setResolvedAlerts(List.of(new io.kubernaut.k8s.crd.ResolvedAlert("pod-a", T0.toString(),
        T0.plusSeconds(60).toString()), new io.kubernaut.k8s.crd.ResolvedAlert("pod-b", "not a time",
        T0.plusSeconds(60).toString())));
    io.kubernaut.ports.remediation.FiringAlerts firing = new io.kubernaut.ports.remediation.FiringAlerts(List.of("pod-c"));

    java.time.Duration window = io.kubernaut.ports.remediation.ResolvedAlerts.DEFAULT_LATE_FIRING_WINDOW;

    assertThat(GatewayStatus.lateFiring(status, "pod-a", T0, T0.plusSeconds(90), window)).as("late").isTrue();
    assertThat(GatewayStatus.lateFiring(status, "pod-a", T0, T0.plusSeconds(90), java.time.Duration.ofSeconds(30)))
        .as("past a shorter window").isFalse();
    assertThat(GatewayStatus.lateFiring(status, "pod-a", T0.plusSeconds(70), T0.plusSeconds(90), window))
        .as("a new episode").isFalse();
    assertThat(GatewayStatus.recordFiring(firing, List.of("pod-a")))
        .hasValueSatisfying(f -> assertThat(f).containsEntry("firingAlerts", List.of("pod-c", "pod-a")));
    assertThat(GatewayStatus.recordFiring(firing, List.of("pod-c"))).as("known").isEmpty();
    assertThat(GatewayStatus.recordFiring(firing, List.of("pod-d", "pod-c", "pod-e", "pod-d"))).as("several, in order")
        .hasValueSatisfying(f -> assertThat(f).containsEntry("firingAlerts", List.of("pod-c", "pod-d", "pod-e")));
    assertThat(GatewayStatus.lateFiring(status, "pod-b", T0, T0.plusSeconds(90), window)).as("unreadable: news")
        .isFalse();
    assertThat(GatewayStatus.resolvedAlerts(status).episodes()).hasSize(1);
  }

  /**
   * Another replica's batch, written after this one's, may hold earlier duplicates: the first-seen time is the earlier
   * of both (it kept the stored one once a count was stored), the last-seen time the later.
   */
  @Test
  void aBatchWithEarlierDuplicatesThanTheStoredOnesMovesFirstSeenBack() {
    AlertRemediationStatus status = new AlertRemediationStatus();
    status.setDuplicates(new io.kubernaut.k8s.crd.Duplicates(3L, T0.plusSeconds(100).toString(),
        T0.plusSeconds(120).toString()));

    io.kubernaut.k8s.crd.Duplicates earlier = (io.kubernaut.k8s.crd.Duplicates) GatewayStatus.addDuplicates(status,
        DuplicateBatch.EMPTY.plus(T0.plusSeconds(50)).plus(T0.plusSeconds(60)), "b", 1).get("duplicates");
    io.kubernaut.k8s.crd.Duplicates later = (io.kubernaut.k8s.crd.Duplicates) GatewayStatus.addDuplicates(status,
        DuplicateBatch.EMPTY.plus(T0.plusSeconds(130)), "b", 2).get("duplicates");

    assertThat(earlier.getCount()).isEqualTo(5L);
    assertThat(earlier.getFirstSeen()).isEqualTo(T0.plusSeconds(50).toString());
    assertThat(earlier.getLastSeen()).isEqualTo(T0.plusSeconds(120).toString());
    assertThat(later.getFirstSeen()).isEqualTo(T0.plusSeconds(100).toString());
    assertThat(later.getLastSeen()).isEqualTo(T0.plusSeconds(130).toString());
  }

  @Test
  void theStoredTimesThatStayAreWrittenAsTheyWereReadAndTheBatchsAreAddedInOrder() {
    // Written by another replica with fractional zeros: kept as it is, not rewritten as Instant#toString would.
    List<String> stored = List.of("2026-12-02T12:00:01.000Z", "2026-12-02T12:00:03.500Z");
    List<Instant> batch = List.of(T0.plusSeconds(2), T0.plusSeconds(4));

    assertThat(GatewayStatus.recentDuplicates(stored, batch)).containsExactly("2026-12-02T12:00:01.000Z",
        "2026-12-02T12:00:02Z", "2026-12-02T12:00:03.500Z", "2026-12-02T12:00:04Z");
  }

  @Test
  void mergingKeepsTheLatestTimesInOrderWhateverOrderTheStoredOnesAreIn() {
    Random random = new Random(19);
    for (int round = 0; round < 5_000; round++) {
      List<Instant> storedTimes = times(random, random.nextInt(RemediationSummary.RECENT_DUPLICATES + 4),
          random.nextInt(4) > 0);
      List<Instant> batch = times(random, random.nextInt(RemediationSummary.RECENT_DUPLICATES + 4), true);
      List<String> stored = storedTimes.stream().map(Instant::toString).toList();

      List<Instant> written = GatewayStatus.recentDuplicates(stored, batch).stream().map(Rfc3339Times::parse).toList();

      List<Instant> all = new ArrayList<>(storedTimes);
      all.addAll(batch);
      all.sort(null);
      assertThat(written).as("round %d", round)
          .isEqualTo(all.subList(Math.max(0, all.size() - RemediationSummary.RECENT_DUPLICATES), all.size()));
    }
  }

  private static List<Instant> times(Random random, int n, boolean inOrder) {
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      times.add(T0.plusMillis(random.nextInt(5_000)));
    }
    if (inOrder) {
      times.sort(null);
    }
    return times;
  }

  /**
   * A delivery's resolutions written at once leave the status as the same resolutions written one after the other:
   * tracked, untracked and repeated sources, an episode recorded already, nothing tracked, resolved already.
   */
  @Test
  void resolutionsOfADeliveryWrittenAtOnceLeaveWhatTheyLeaveOneAfterTheOther() {
    Duration window = Duration.ofMinutes(10);
    Instant at = T0.plusSeconds(60);
    List<List<String>> trackedCases = List.of(List.of("pod-a", "pod-b", "pod-c"), List.of(), List.of("pod-a"));
    List<List<SourceAlert>> deliveries = List.of(
        List.of(alert("pod-a"), alert("pod-b")),
        List.of(alert("pod-c"), alert("pod-b"), alert("pod-a")),
        List.of(alert("pod-x")),
        List.of(alert("pod-a"), alert("pod-a"), alert("pod-b")),
        List.of(alert("pod-d"), alert("pod-a")));
    int compared = 0;
    for (List<String> tracked : trackedCases) {
      for (List<SourceAlert> delivery : deliveries) {
        for (boolean resolvedBefore : new boolean[] {false, true}) {
          AlertRemediationStatus together = status(tracked, resolvedBefore);
          FiringAlerts before = new FiringAlerts(tracked);
          GatewayStatus.recordResolutions(together, at, before, GatewayStatus.resolveAll(before, delivery), delivery,
              window).ifPresent(fields -> apply(together, fields));

          AlertRemediationStatus oneByOne = status(tracked, resolvedBefore);
          for (SourceAlert alert : delivery) {
            FiringAlerts now = new FiringAlerts(oneByOne.getFiringAlerts());
            GatewayStatus.recordResolution(oneByOne, at, now, now.resolve(alert.source()), alert.source(),
                alert.startsAt(), window).ifPresent(fields -> apply(oneByOne, fields));
          }

          String which = tracked + " " + delivery + (resolvedBefore ? " resolved before" : "");
          assertThat(together.getFiringAlerts()).as(which).isEqualTo(oneByOne.getFiringAlerts());
          assertThat(together.getResolvedAt()).as(which).isEqualTo(oneByOne.getResolvedAt());
          assertThat(together.getResolvedAlerts()).as(which).usingRecursiveFieldByFieldElementComparator()
              .isEqualTo(oneByOne.getResolvedAlerts());
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(30);
    AlertRemediationStatus partly = status(List.of("pod-a", "pod-b", "pod-c"), false);
    FiringAlerts before = new FiringAlerts(partly.getFiringAlerts());
    List<SourceAlert> ab = List.of(alert("pod-a"), alert("pod-b"));
    assertThat(GatewayStatus.recordResolutions(partly, at, before, GatewayStatus.resolveAll(before, ab), ab, window))
        .hasValueSatisfying(fields -> assertThat(fields).containsEntry("firingAlerts", List.of("pod-c"))
            .doesNotContainKey("resolvedAt"));
  }

  private static SourceAlert alert(String source) {
    return new SourceAlert(source, T0);
  }

  /** Tracking {@code firing}; {@code pod-b}'s episode recorded already; resolved {@code T0} when so. */
  private static AlertRemediationStatus status(List<String> firing, boolean resolved) {
    AlertRemediationStatus status = new AlertRemediationStatus();
    status.setFiringAlerts(new ArrayList<>(firing));
    status.setResolvedAlerts(new ArrayList<>(List.of(new ResolvedAlert("pod-b", T0.toString(),
        T0.plusSeconds(30).toString()))));
    if (resolved) {
      status.setResolvedAt(T0.toString());
    }
    return status;
  }

  @SuppressWarnings("unchecked")
  private static void apply(AlertRemediationStatus status, java.util.Map<String, Object> fields) {
    fields.forEach((field, value) -> {
      switch (field) {
        case "firingAlerts" -> status.setFiringAlerts(new ArrayList<>((List<String>) value));
        case "resolvedAlerts" -> status.setResolvedAlerts(new ArrayList<>((List<ResolvedAlert>) value));
        case "resolvedAt" -> status.setResolvedAt((String) value);
        default -> throw new AssertionError("unexpected field " + field);
      }
    });
  }
}

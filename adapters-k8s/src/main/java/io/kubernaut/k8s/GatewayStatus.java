package io.kubernaut.k8s;

import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.Duplicates;
import io.kubernaut.k8s.crd.StormStatus;
import io.kubernaut.ports.remediation.StormCrossing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The status fields the gateway owns, as the values to set, computed from the status they change:
 * {@code duplicates}, {@code recentDuplicates}, {@code storm} and {@code resolvedAt}.
 */
final class GatewayStatus {

  /** Computes the fields to set for a status, or empty when nothing needs writing. */
  @FunctionalInterface
  interface Change {
    Optional<Map<String, Object>> apply(AlertRemediationStatus status);
  }

  private GatewayStatus() {}

  /**
   * Adds a batch of duplicates to what the status holds: the count grows by the batch's size, the
   * first-seen time is the status's (the batch's earliest when none was counted before), the
   * last-seen time the later of both, and the recent arrival times are merged in order.
   */
  static Optional<Map<String, Object>> addDuplicates(AlertRemediationStatus status, DuplicateBatch batch) {
    Duplicates d = status.getDuplicates();
    long stored = d == null || d.getCount() == null ? 0 : d.getCount();
    String firstSeen = stored == 0 || d.getFirstSeen() == null ? batch.earliest().toString() : d.getFirstSeen();
    Instant lastSeen = batch.last();
    if (d != null && d.getLastSeen() != null && Instant.parse(d.getLastSeen()).isAfter(lastSeen)) {
      lastSeen = Instant.parse(d.getLastSeen());
    }
    List<Instant> known = status.getRecentDuplicates() == null ? List.of()
        : status.getRecentDuplicates().stream().map(Instant::parse).toList();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("duplicates", new Duplicates(stored + batch.count(), firstSeen, lastSeen.toString()));
    fields.put("recentDuplicates", DuplicateBatch.mergeTimes(known, batch.latest()).stream().map(Instant::toString).toList());
    return Optional.of(fields);
  }

  static Optional<Map<String, Object>> recordStorm(AlertRemediationStatus status, StormCrossing crossing) {
    StormStatus previous = status.getStorm();
    List<String> crossed = new ArrayList<>(previous == null || previous.getCrossed() == null ? List.of() : previous.getCrossed());
    if (crossed.contains(crossing.threshold().wireName())) {
      return Optional.empty();
    }
    crossed.add(crossing.threshold().wireName());
    StormStatus storm = new StormStatus();
    storm.setThreshold(crossing.threshold().wireName());
    storm.setCount(crossing.count());
    storm.setLimit(crossing.limit());
    storm.setWindow(crossing.window().isZero() ? null : goDuration(crossing.window()));
    storm.setEscalatedAt(crossing.at().toString());
    storm.setCrossed(crossed);
    return Optional.of(Map.of("storm", storm));
  }

  static Optional<Map<String, Object>> recordResolution(AlertRemediationStatus status, Instant at) {
    return status.getResolvedAt() != null ? Optional.empty() : Optional.of(Map.of("resolvedAt", at.toString()));
  }

  /** {@code 5m}, {@code 90s}, {@code 2h}: the form kubectl users read. */
  static String goDuration(Duration d) {
    long s = d.toSeconds();
    return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}

package io.kubernaut.k8s;

import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.Duplicates;
import io.kubernaut.k8s.crd.StormStatus;
import io.kubernaut.ports.remediation.DuplicateCount;
import io.kubernaut.ports.remediation.RemediationSummary;
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

  static Optional<Map<String, Object>> countDuplicate(AlertRemediationStatus status, Instant at) {
    Duplicates d = status.getDuplicates();
    DuplicateCount current = d == null || d.getCount() == null
        ? DuplicateCount.first(at)
        : new DuplicateCount(d.getCount(), Instant.parse(d.getFirstSeen()), Instant.parse(d.getLastSeen()));
    DuplicateCount next = current.plusOne(at);
    List<String> recent = new ArrayList<>(status.getRecentDuplicates() == null ? List.of() : status.getRecentDuplicates());
    recent.add(at.toString());
    while (recent.size() > RemediationSummary.RECENT_DUPLICATES) {
      recent.remove(0);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("duplicates", new Duplicates(next.count(), next.firstSeen().toString(), next.lastSeen().toString()));
    fields.put("recentDuplicates", recent);
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

package io.kubernaut.k8s;

import io.kubernaut.ports.pipeline.DurationFormatter;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.ports.remediation.FiringAlerts;
import io.kubernaut.ports.remediation.ResolvedAlerts;
import io.kubernaut.ports.remediation.SourceAlert;
import io.kubernaut.k8s.crd.Duplicates;
import io.kubernaut.k8s.crd.ResolvedAlert;
import io.kubernaut.k8s.crd.StormStatus;
import io.kubernaut.ports.remediation.StormCrossing;
import io.kubernaut.ports.signal.Rfc3339Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
   * Adds a batch of duplicates to what the status holds, as write {@code flush} of the gateway
   * process {@code writer}: the count grows by the batch's size, the first-seen time the earlier of
   * the status's and the batch's earliest (another replica's batch, or one written after a failed
   * write, may hold earlier duplicates than those already written), the last-seen time the later of
   * both, the recent arrival times are merged in order, and the writer's last write is noted
   * ({@link #flushedBy}). An empty batch only notes the write.
   */
  static Map<String, Object> addDuplicates(AlertRemediationStatus status, DuplicateBatch batch, String writer,
      long flush) {
    Duplicates d = status.getDuplicates();
    long stored = d == null || d.getCount() == null ? 0 : d.getCount();
    Map<String, Long> flushes = new java.util.TreeMap<>(d == null || d.getFlushedBy() == null ? Map.of() : d.getFlushedBy());
    flushes.put(writer, flush);
    Map<String, Object> fields = new LinkedHashMap<>();
    if (batch.isEmpty()) {
      Duplicates noted = d == null ? new Duplicates() : new Duplicates(d.getCount(), d.getFirstSeen(), d.getLastSeen());
      noted.setFlushedBy(flushes);
      fields.put("duplicates", noted);
      return fields;
    }
    String firstSeen = stored == 0 || d.getFirstSeen() == null
        || Rfc3339Times.parse(d.getFirstSeen()).isAfter(batch.earliest()) ? batch.earliest().toString() : d.getFirstSeen();
    Instant lastSeen = batch.last();
    if (d != null && d.getLastSeen() != null && Rfc3339Times.parse(d.getLastSeen()).isAfter(lastSeen)) {
      lastSeen = Rfc3339Times.parse(d.getLastSeen());
    }
    Duplicates counted = new Duplicates(stored + batch.count(), firstSeen, lastSeen.toString());
    counted.setFlushedBy(flushes);
    fields.put("duplicates", counted);
    fields.put("recentDuplicates", recentDuplicates(status.getRecentDuplicates() == null ? List.of()
        : status.getRecentDuplicates(), batch.latest()));
    return fields;
  }

  /** The number of the last write of the gateway process {@code writer} that the status holds; 0 when none. */
  static long flushedBy(AlertRemediationStatus status, String writer) {
    Duplicates d = status.getDuplicates();
    Long flush = d == null || d.getFlushedBy() == null ? null : d.getFlushedBy().get(writer);
    return flush == null ? 0 : flush;
  }

  /**
   * The stored recent arrival times and the batch's merged in order, the latest
   * {@link io.kubernaut.ports.remediation.RemediationSummary#RECENT_DUPLICATES} kept, as status holds them. Every
   * flush writes them, so the stored times that stay are written as they were read and only the batch's are
   * formatted; times out of order are merged as {@link DuplicateBatch#mergeTimes} does.
   */
  static List<String> recentDuplicates(List<String> stored, List<Instant> batch) {
    List<Instant> known = new ArrayList<>(stored.size());
    for (String time : stored) {
      known.add(Rfc3339Times.parse(time));
    }
    if (!DuplicateBatch.inOrder(known) || !DuplicateBatch.inOrder(batch)) {
      return DuplicateBatch.mergeTimes(known, batch).stream().map(Instant::toString).toList();
    }
    String[] kept = new String[Math.min(io.kubernaut.ports.remediation.RemediationSummary.RECENT_DUPLICATES,
        known.size() + batch.size())];
    int i = known.size() - 1;
    int j = batch.size() - 1;
    for (int k = kept.length - 1; k >= 0; k--) {
      kept[k] = j < 0 || (i >= 0 && known.get(i).isAfter(batch.get(j))) ? stored.get(i--) : batch.get(j--).toString();
    }
    return List.of(kept);
  }

  /**
   * What a write records of the queued storm crossings: those the status has not recorded yet, in the
   * order they were crossed, and the {@code storm} field to set (the last of them, with every threshold
   * crossed so far); null when there is nothing new to record.
   */
  record StormRecord(List<StormCrossing> recorded, StormStatus storm) {
    StormRecord {
      recorded = List.copyOf(recorded);
    }
  }

  /**
   * Records the queued crossings the status does not hold yet. A threshold is recorded once: a crossing
   * whose threshold is already in {@code storm.crossed} (another replica's write, an earlier flush) is
   * dropped, which is what makes the write that records it the one that escalates it.
   */
  static StormRecord recordStorms(AlertRemediationStatus status, Collection<StormCrossing> queued) {
    StormStatus previous = status.getStorm();
    List<String> crossed = new ArrayList<>(previous == null || previous.getCrossed() == null ? List.of() : previous.getCrossed());
    List<StormCrossing> recorded = new ArrayList<>();
    StormStatus storm = null;
    List<StormCrossing> inOrder = new ArrayList<>(queued);
    inOrder.sort(Comparator.comparing(StormCrossing::at).thenComparing(StormCrossing::threshold));
    for (StormCrossing crossing : inOrder) {
      if (crossed.contains(crossing.threshold().wireName())) {
        continue;
      }
      crossed.add(crossing.threshold().wireName());
      recorded.add(crossing);
      storm = new StormStatus();
      storm.setThreshold(crossing.threshold().wireName());
      storm.setCount(crossing.count());
      storm.setLimit(crossing.limit());
      storm.setWindow(crossing.window().isZero() ? null : DurationFormatter.compact(crossing.window()));
      storm.setEscalatedAt(crossing.at().toString());
    }
    if (storm != null) {
      storm.setCrossed(List.copyOf(crossed));
    }
    return new StormRecord(recorded, storm);
  }

  /**
   * The fields that strike {@code resolution}'s source off the firing alerts and, when it was the last
   * (or none is tracked), record the resolution; empty when nothing changes.
   */
  static Optional<Map<String, Object>> recordResolution(AlertRemediationStatus status, Instant at,
      FiringAlerts before, FiringAlerts.Resolution resolution, String source, Instant startsAt, Duration lateWindow) {
    return recordResolutions(status, at, before, resolution, List.of(new SourceAlert(source, startsAt)), lateWindow);
  }

  /**
   * The field that records the resolved episode of {@code source}; empty when it is recorded (and still
   * covers a late firing within {@code lateWindow}), or cannot be.
   */
  static Optional<Map<String, Object>> recordEpisode(AlertRemediationStatus status, String source, Instant startsAt,
      Instant at, Duration lateWindow) {
    return resolvedAlerts(status).with(source, startsAt, at, lateWindow).map(GatewayStatus::episodesField);
  }

  private static Map<String, Object> episodesField(ResolvedAlerts episodes) {
    return Map.of("resolvedAlerts", episodes.episodes().stream()
        .map(e -> new ResolvedAlert(e.source(), e.startsAt().toString(), e.resolvedAt().toString())).toList());
  }

  /**
   * What the resolutions of {@code alerts} leave, one after the other: each struck off, and resolved when one of
   * them was the last tracked (or none is tracked).
   */
  static FiringAlerts.Resolution resolveAll(FiringAlerts before, List<SourceAlert> alerts) {
    FiringAlerts firing = before;
    boolean resolves = false;
    for (SourceAlert alert : alerts) {
      FiringAlerts.Resolution resolution = firing.resolve(alert.source());
      firing = resolution.remaining();
      resolves |= resolution.resolves();
    }
    return new FiringAlerts.Resolution(firing, resolves);
  }

  /**
   * The fields that record {@code alerts}' resolutions, received {@code at}, as {@link #recordResolution} would one
   * after the other: {@code resolution} ({@link #resolveAll}) and each alert's episode; empty when nothing changes.
   */
  static Optional<Map<String, Object>> recordResolutions(AlertRemediationStatus status, Instant at, FiringAlerts before,
      FiringAlerts.Resolution resolution, List<SourceAlert> alerts, Duration lateWindow) {
    ResolvedAlerts episodesBefore = resolvedAlerts(status);
    ResolvedAlerts episodes = episodesBefore;
    for (SourceAlert alert : alerts) {
      episodes = episodes.with(alert.source(), alert.startsAt(), at, lateWindow).orElse(episodes);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    if (!resolution.remaining().equals(before)) {
      fields.put("firingAlerts", resolution.remaining().sources());
    }
    if (episodes != episodesBefore) {
      fields.putAll(episodesField(episodes));
    }
    if (resolution.resolves() && status.getResolvedAt() == null) {
      fields.put("resolvedAt", at.toString());
    }
    return fields.isEmpty() ? Optional.empty() : Optional.of(fields);
  }

  /** The source alerts' resolved episodes {@code status} records. */
  static ResolvedAlerts resolvedAlerts(AlertRemediationStatus status) {
    if (status == null || status.getResolvedAlerts() == null || status.getResolvedAlerts().isEmpty()) {
      return ResolvedAlerts.NONE;
    }
    List<ResolvedAlerts.Episode> episodes = new ArrayList<>();
    for (ResolvedAlert r : status.getResolvedAlerts()) {
      if (r.getSource() != null && !r.getSource().isBlank() && r.getStartsAt() != null && r.getResolvedAt() != null) {
        try {
          episodes.add(new ResolvedAlerts.Episode(r.getSource(), Rfc3339Times.parse(r.getStartsAt()),
              Rfc3339Times.parse(r.getResolvedAt())));
        } catch (RuntimeException unreadable) {
          // Not written by the gateway (a hand edit): an entry it cannot read tells it nothing.
        }
      }
    }
    return new ResolvedAlerts(episodes);
  }

  /**
   * Whether a firing of {@code source} (started {@code startsAt}, arrived {@code at}) is a late one, within
   * {@code lateWindow}, of an episode {@code status} records as resolved: no news, nothing to record.
   */
  static boolean lateFiring(AlertRemediationStatus status, String source, Instant startsAt, Instant at,
      Duration lateWindow) {
    return resolvedAlerts(status).ended(source, startsAt, at, lateWindow);
  }

  /**
   * The field that adds {@code sources} to the firing alerts, in order; empty when every one is known (or
   * none can be added: {@link FiringAlerts#MAX}).
   */
  static Optional<Map<String, Object>> recordFiring(FiringAlerts before, List<String> sources) {
    FiringAlerts after = before;
    for (String source : sources) {
      after = after.with(source).orElse(after);
    }
    return after == before ? Optional.empty() : Optional.of(Map.of("firingAlerts", after.sources()));
  }
}

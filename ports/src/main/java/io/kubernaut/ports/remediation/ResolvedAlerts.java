package io.kubernaut.ports.remediation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The episodes of source alerts (their Alertmanager fingerprints) that were reported resolved on one
 * remediation, each by the time it started ({@code startsAt}, the same in the firing and the resolved
 * notification of one episode) and the time its resolution came in. Alertmanager sends a firing alert
 * again (the second peer of an HA pair delivers its copy up to a group interval later when the
 * peers' gossip lagged; a retry resends a whole delivery), so a firing notification can arrive after
 * the resolution of its own episode. Such a late firing is no news: it must neither record its source
 * as firing again nor start a new remediation once this one has ended. A new episode of the alert
 * starts later, so it is told apart by its {@code startsAt}; and since Alertmanager can also report
 * the same {@code startsAt} firing again for real (Prometheus keeps an alert's start across its own
 * restart, after Alertmanager resolved it for want of updates), a firing counts as late only within
 * a window of the resolution (the operator's setting, {@link #DEFAULT_LATE_FIRING_WINDOW} unless
 * configured; zero takes no firing as late). Bounded at {@link #MAX} episodes; past it the oldest
 * recorded is dropped.
 *
 * @param episodes at most one per source, in the order they were recorded
 */
public record ResolvedAlerts(List<Episode> episodes) {

  /** The most episodes one remediation keeps, as many as the firing sources it tracks. */
  public static final int MAX = FiringAlerts.MAX;

  /**
   * How long after a resolution a firing of the same episode is taken as late, unless configured:
   * Alertmanager's default group interval (5 minutes), within which an HA peer delivers its own copy
   * of a group, twice over.
   */
  public static final Duration DEFAULT_LATE_FIRING_WINDOW = Duration.ofMinutes(10);

  /** The longest late-firing window that may be configured: a day. */
  public static final Duration MAX_LATE_FIRING_WINDOW = Duration.ofDays(1);

  /** None recorded. */
  public static final ResolvedAlerts NONE = new ResolvedAlerts(List.of());

  public ResolvedAlerts {
    episodes = List.copyOf(episodes);
  }

  /**
   * One resolved episode.
   *
   * @param source the source alert's fingerprint
   * @param startsAt when the episode started
   * @param resolvedAt when its resolution came in
   */
  public record Episode(String source, Instant startsAt, Instant resolvedAt) {
    public Episode {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(startsAt, "startsAt");
      Objects.requireNonNull(resolvedAt, "resolvedAt");
    }

    /**
     * Whether a firing of this source that started at {@code started} and arrived {@code at}, within
     * {@code window} of this resolution, belongs to it, late.
     */
    boolean covers(String other, Instant started, Instant at, Duration window) {
      return source.equals(other) && !started.isAfter(startsAt) && at.isBefore(resolvedAt.plus(window));
    }
  }

  /**
   * With the episode of {@code source} that started at {@code startsAt} resolved {@code at}; empty when
   * there is nothing to add: no source or start time, a later episode of the source is recorded, or
   * this one is and still covers a late firing at {@code at} within {@code window} (the twin of a
   * resolution writes nothing).
   */
  public Optional<ResolvedAlerts> with(String source, Instant startsAt, Instant at, Duration window) {
    if (source == null || source.isBlank() || startsAt == null || at == null || ended(source, startsAt, at, window)
        || episodes.stream().anyMatch(e -> e.source().equals(source) && e.startsAt().isAfter(startsAt))) {
      return Optional.empty();
    }
    List<Episode> more = new ArrayList<>(episodes);
    more.removeIf(e -> e.source().equals(source));
    more.add(new Episode(source, startsAt, at));
    while (more.size() > MAX) {
      more.remove(0);
    }
    return Optional.of(new ResolvedAlerts(more));
  }

  /**
   * Whether a firing of {@code source} that started at {@code startsAt} and arrived {@code at} is a late
   * one of an episode resolved here: it started no later than the recorded episode, and arrived within
   * {@code window} of its resolution. False when any is unknown: a signal without a source fingerprint
   * or start time cannot be told apart, and is taken as news. False for every firing when the window
   * is zero.
   */
  public boolean ended(String source, Instant startsAt, Instant at, Duration window) {
    if (source == null || source.isBlank() || startsAt == null || at == null || window.isZero()) {
      return false;
    }
    return episodes.stream().anyMatch(e -> e.covers(source, startsAt, at, window));
  }

  /**
   * {@code window} if it is a late-firing window that may be configured: zero (no firing is late) up to
   * {@link #MAX_LATE_FIRING_WINDOW}.
   *
   * @throws IllegalArgumentException for a negative window or one longer than a day
   */
  public static Duration lateFiringWindow(Duration window) {
    if (window == null || window.isNegative() || window.compareTo(MAX_LATE_FIRING_WINDOW) > 0) {
      throw new IllegalArgumentException("The late-firing window must be between 0 and " + MAX_LATE_FIRING_WINDOW.toHours()
          + " hours: " + window);
    }
    return window;
  }
}

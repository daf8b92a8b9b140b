package io.kubernaut.ports.remediation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The episodes of source alerts (their Alertmanager fingerprints) that were reported resolved on one
 * remediation, each by the time it started ({@code startsAt}, the same in the firing and the resolved
 * notification of one episode). Alertmanager resends a firing alert (every {@code repeat_interval}, on
 * a retry, and from both peers of an HA pair, the second up to its peer timeout later), so a firing
 * notification can arrive after the resolution of its own episode. Such a late firing is no news:
 * it must neither record its source as firing again nor start a new remediation once this one has
 * ended. A new episode of the same alert starts later, so it is told apart by its {@code startsAt}.
 * Bounded at {@link #MAX} episodes; past it the oldest recorded is dropped.
 *
 * @param episodes at most one per source, in the order they were recorded
 */
public record ResolvedAlerts(List<Episode> episodes) {

  /** The most episodes one remediation keeps, as many as the firing sources it tracks. */
  public static final int MAX = FiringAlerts.MAX;

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
   */
  public record Episode(String source, Instant startsAt) {
    public Episode {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(startsAt, "startsAt");
    }
  }

  /**
   * With the episode of {@code source} that started at {@code startsAt} resolved; empty when there is
   * nothing to add: no source or start time, or an episode of that source as late or later is recorded.
   */
  public Optional<ResolvedAlerts> with(String source, Instant startsAt) {
    if (source == null || source.isBlank() || startsAt == null || ended(source, startsAt)) {
      return Optional.empty();
    }
    List<Episode> more = new ArrayList<>(episodes);
    more.removeIf(e -> e.source().equals(source));
    more.add(new Episode(source, startsAt));
    while (more.size() > MAX) {
      more.remove(0);
    }
    return Optional.of(new ResolvedAlerts(more));
  }

  /**
   * Whether a firing of {@code source} that started at {@code startsAt} belongs to an episode already
   * resolved here (it started no later than the recorded one). False when either is unknown: a signal
   * without a source fingerprint or start time cannot be told apart, and is taken as news.
   */
  public boolean ended(String source, Instant startsAt) {
    if (source == null || source.isBlank() || startsAt == null) {
      return false;
    }
    return episodes.stream().anyMatch(e -> e.source().equals(source) && !startsAt.isAfter(e.startsAt()));
  }
}

package io.kubernaut.ports.remediation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The source alerts (their Alertmanager fingerprints) that report one remediation's problem firing
 * and have not resolved. A Deployment's problem is reported by one alert per pod; when Alertmanager
 * groups by pod, each comes in a delivery of its own, and the first pod's resolution must not
 * resolve the problem while another pod's alert still fires. Bounded at {@link #MAX} sources: a
 * source past it is not tracked, and its resolution alone resolves nothing while tracked ones fire.
 *
 * <p>A remediation that tracks none (created before sources were tracked, or by a signal without a
 * source fingerprint, such as a Kubernetes event) resolves on any resolution, as before.
 *
 * @param sources the firing sources, oldest first, without repeats
 */
public record FiringAlerts(List<String> sources) {

  /** The most sources one remediation tracks. */
  public static final int MAX = 500;

  public FiringAlerts {
    sources = List.copyOf(sources);
  }

  /**
   * The sources a remediation tracks: those its status records ({@code recorded}, once it records
   * any list, also an empty one), else the one that created it ({@code creator}, if it had one).
   */
  public static FiringAlerts of(String creator, List<String> recorded) {
    if (recorded != null) {
      return new FiringAlerts(recorded);
    }
    return new FiringAlerts(creator == null || creator.isBlank() ? List.of() : List.of(creator));
  }

  public boolean contains(String source) {
    return sources.contains(source);
  }

  /** With {@code source} firing too; empty when there is nothing to add (no source, known, or {@link #MAX} reached). */
  public Optional<FiringAlerts> with(String source) {
    if (source == null || source.isBlank() || sources.contains(source) || sources.size() >= MAX) {
      return Optional.empty();
    }
    List<String> more = new ArrayList<>(sources);
    more.add(source);
    return Optional.of(new FiringAlerts(more));
  }

  /**
   * What the resolution of {@code source} leaves: the problem resolves when no tracked source fires
   * any more, or when nothing is tracked (or the resolution names no source) and it cannot be told.
   */
  public Resolution resolve(String source) {
    if (source == null || source.isBlank() || sources.isEmpty()) {
      return new Resolution(new FiringAlerts(List.of()), true);
    }
    FiringAlerts left = without(source);
    return new Resolution(left, left.sources().isEmpty());
  }

  /**
   * Strikes {@code source} off without resolving anything: its resolution came in a delivery in which
   * another alert still reports the problem firing (that one is recorded right after).
   */
  public FiringAlerts without(String source) {
    List<String> left = new ArrayList<>(sources);
    left.remove(source);
    return new FiringAlerts(left);
  }

  /**
   * @param remaining the sources still firing after it
   * @param resolves whether the problem is resolved by it
   */
  public record Resolution(FiringAlerts remaining, boolean resolves) {

    /** How many tracked sources still fire. */
    public int stillFiring() {
      return remaining.sources().size();
    }
  }
}

package io.kubernaut.core.fakes;

import io.kubernaut.ports.failure.AlreadyExistsException;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.in.EscalateStorm;
import io.kubernaut.ports.out.RemediationStore;
import io.kubernaut.ports.remediation.DuplicateCount;
import io.kubernaut.ports.remediation.FiringAlerts;
import io.kubernaut.ports.remediation.NewRemediation;
import io.kubernaut.ports.remediation.RecordedResolution;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.remediation.SourceAlert;
import io.kubernaut.ports.remediation.StormCrossing;
import io.kubernaut.ports.remediation.StormThreshold;
import io.kubernaut.ports.signal.Fingerprint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory {@link RemediationStore} with the same name-uniqueness and absorbing-only counting contract as the API
 * server. Storm crossings are queued as the Kubernetes store queues them and recorded, and escalated, by {@link
 * #flush()}, which stands for its once-a-second write.
 */
public final class InMemoryRemediationStore implements RemediationStore {

  private final EscalateStorm escalation;
  private final Map<String, Map<StormThreshold, StormCrossing>> queuedStorms = new LinkedHashMap<>();

  private final Map<String, RemediationSummary> byName = new LinkedHashMap<>();
  private final Map<String, NewRemediation> created = new LinkedHashMap<>();
  private final Map<String, Instant> resolutions = new LinkedHashMap<>();
  private final Map<String, FiringAlerts> firing = new LinkedHashMap<>();
  private final Map<String, Integer> firingCalls = new LinkedHashMap<>();
  private final Map<String, Integer> resolutionCalls = new LinkedHashMap<>();
  private final List<StormCrossing> storms = new ArrayList<>();
  private boolean unavailable;
  private boolean failCreates;
  private java.time.Duration lateFiringWindow = io.kubernaut.ports.remediation.ResolvedAlerts.DEFAULT_LATE_FIRING_WINDOW;

  /** A store that escalates nothing it records. */
  public InMemoryRemediationStore() {
    this(EscalateStorm.none());
  }

  /** A store that hands every storm crossing it records to {@code escalation}. */
  public InMemoryRemediationStore(EscalateStorm escalation) {
    this.escalation = escalation;
  }

  /** Takes a firing as late within {@code window} of its episode's resolution, as the intake is configured. */
  public synchronized InMemoryRemediationStore lateFiringWindow(java.time.Duration window) {
    this.lateFiringWindow = window;
    return this;
  }

  /** Makes every creation fail as an API server that times out on writes would; reads still answer. */
  public synchronized void setFailCreates(boolean failCreates) {
    this.failCreates = failCreates;
  }

  /** Makes every call fail as an unreachable API server would. */
  public void setUnavailable(boolean unavailable) {
    this.unavailable = unavailable;
  }

  /** Moves a remediation to {@code phase}, as the controller would. */
  public synchronized void setPhase(String name, RemediationPhase phase) {
    RemediationSummary s = byName.get(name);
    byName.put(name, new RemediationSummary(s.name(), s.fingerprint(), phase, s.target(), s.duplicates(), s.createdAt(),
        s.environment(), s.recentDuplicates(), s.stormsRecorded(), s.blockedUntil(),
        s.resolvedAlerts()));
  }

  /** Ends a remediation {@code Blocked} by a time-bound rule that lifts at {@code until}, as the controller would. */
  public synchronized void block(String name, Instant until) {
    RemediationSummary s = byName.get(name);
    byName.put(name, new RemediationSummary(s.name(), s.fingerprint(), RemediationPhase.Blocked, s.target(),
        s.duplicates(), s.createdAt(), s.environment(), s.recentDuplicates(), s.stormsRecorded(), until,
        s.resolvedAlerts()));
  }

  public synchronized List<NewRemediation> created() {
    return new ArrayList<>(created.values());
  }

  public synchronized Optional<Instant> resolution(String name) {
    return Optional.ofNullable(resolutions.get(name));
  }

  /** Every storm crossing recorded (by {@link #flush()}), in order. */
  public synchronized List<StormCrossing> storms() {
    return new ArrayList<>(storms);
  }

  @Override
  public synchronized List<RemediationSummary> findByFingerprint(Fingerprint fingerprint) {
    check();
    return byName.values().stream().filter(s -> s.fingerprint().equals(fingerprint)).toList();
  }

  @Override
  public synchronized Optional<RemediationSummary> findByName(String name) {
    check();
    return Optional.ofNullable(byName.get(name));
  }

  private final Set<String> refusedForGood = new java.util.HashSet<>();

  /** Creates of remediations on a target named {@code target} are refused for good, as a quota or a policy would. */
  public synchronized void refuseForGood(String target) {
    refusedForGood.add(target);
  }

  @Override
  public synchronized void create(NewRemediation r) {
    check();
    if (failCreates) {
      throw new RetryableException("The in-memory store refuses creations.");
    }
    if (refusedForGood.contains(r.target().name())) {
      throw new io.kubernaut.ports.failure.PermanentException("The Kubernetes API server refused to create "
          + "AlertRemediation " + r.name() + " (HTTP 403): exceeded quota.");
    }
    if (byName.containsKey(r.name())) {
      throw new AlreadyExistsException(r.name());
    }
    created.put(r.name(), r);
    byName.put(r.name(), new RemediationSummary(r.name(), r.fingerprint(), null, r.target(),
        DuplicateCount.first(r.receivedAt()), r.receivedAt(), r.environment(), List.of(), Set.of()));
  }

  @Override
  public synchronized Optional<RemediationSummary> recordDuplicate(String name, Instant at) {
    check();
    RemediationSummary s = byName.get(name);
    if (s == null || !s.absorbsAt(at)) {
      return Optional.empty();
    }
    List<Instant> recent = new ArrayList<>(s.recentDuplicates());
    recent.add(at);
    while (recent.size() > RemediationSummary.RECENT_DUPLICATES) {
      recent.remove(0);
    }
    RemediationSummary next = new RemediationSummary(s.name(), s.fingerprint(), s.phase(), s.target(),
        s.duplicates().plusOne(at), s.createdAt(), s.environment(), recent, s.stormsRecorded(), s.blockedUntil(),
        s.resolvedAlerts());
    byName.put(name, next);
    return Optional.of(next);
  }

  @Override
  public synchronized boolean queueStorm(String name, StormCrossing crossing) {
    check();
    RemediationSummary s = byName.get(name);
    if (s == null || s.stormsRecorded().contains(crossing.threshold())) {
      return false;
    }
    return queuedStorms.computeIfAbsent(name, k -> new LinkedHashMap<>()).putIfAbsent(crossing.threshold(), crossing) == null;
  }

  /** The storm crossings queued and not yet recorded, over every remediation. */
  public synchronized int queuedStorms() {
    return queuedStorms.values().stream().mapToInt(Map::size).sum();
  }

  /** Records the queued storm crossings, each threshold once per remediation, and escalates those it recorded. */
  public void flush() {
    List<Map.Entry<RemediationSummary, StormCrossing>> recordedNow = new ArrayList<>();
    synchronized (this) {
      queuedStorms.forEach((name, crossings) -> crossings.values().forEach(crossing -> {
        RemediationSummary s = byName.get(name);
        if (s == null || s.stormsRecorded().contains(crossing.threshold())) {
          return;
        }
        Set<StormThreshold> recorded = s.stormsRecorded().isEmpty() ? EnumSet.noneOf(StormThreshold.class)
            : EnumSet.copyOf(s.stormsRecorded());
        recorded.add(crossing.threshold());
        RemediationSummary next = new RemediationSummary(s.name(), s.fingerprint(), s.phase(), s.target(),
            s.duplicates(), s.createdAt(), s.environment(), s.recentDuplicates(), recorded, s.blockedUntil(),
            s.resolvedAlerts());
        byName.put(name, next);
        storms.add(crossing);
        recordedNow.add(Map.entry(next, crossing));
      }));
      queuedStorms.clear();
    }
    recordedNow.forEach(e -> escalation.escalate(e.getKey(), e.getValue()));
  }

  @Override
  public synchronized void recordFiring(String name, List<SourceAlert> alerts, Instant at) {
    check();
    RemediationSummary s = byName.get(name);
    if (s == null || !s.absorbsAt(at)) {
      return;
    }
    for (SourceAlert alert : alerts) {
      if (!s.resolvedAlerts().ended(alert.source(), alert.startsAt(), at, lateFiringWindow)) {
        firingOf(name).with(alert.source()).ifPresent(more -> firing.put(name, more));
      }
    }
    firingCalls.merge(name, 1, Integer::sum);
  }

  /** How many times the firing alerts of {@code name} were recorded: calls, each a write at most in a real store. */
  public synchronized int firingCalls(String name) {
    return firingCalls.getOrDefault(name, 0);
  }

  @Override
  public synchronized RecordedResolution recordResolution(String name, Instant at, String source, Instant startsAt,
      boolean othersFire) {
    check();
    Runnable before = beforeResolution;
    if (before != null) {
      beforeResolution = null;
      before.run();
    }
    if (!byName.containsKey(name)) {
      throw new io.kubernaut.ports.failure.GoneException("AlertRemediation " + name + " no longer exists.");
    }
    recordResolvedEpisode(name, at, source, startsAt);
    FiringAlerts.Resolution r = othersFire ? new FiringAlerts.Resolution(firingOf(name).without(source), false)
        : firingOf(name).resolve(source);
    firing.put(name, r.remaining());
    if (r.resolves()) {
      resolutions.putIfAbsent(name, at);
    }
    return new RecordedResolution(byName.get(name), r.stillFiring());
  }

  @Override
  public synchronized void recordResolutions(String name, List<SourceAlert> alerts, Instant at) {
    check();
    if (!byName.containsKey(name)) {
      return;
    }
    alerts.stream().filter(SourceAlert::named)
        .forEach(a -> recordResolution(name, at, a.source(), a.startsAt(), false));
    resolutionCalls.merge(name, 1, Integer::sum);
  }

  /** How many times resolved alerts were struck off {@code name} together: calls, each a write at most in a real store. */
  public synchronized int resolutionCalls(String name) {
    return resolutionCalls.getOrDefault(name, 0);
  }

  @Override
  public synchronized void recordResolvedEpisode(String name, Instant at, String source, Instant startsAt) {
    check();
    RemediationSummary s = byName.get(name);
    if (s != null) {
      s.resolvedAlerts().with(source, startsAt, at, lateFiringWindow).ifPresent(resolved -> byName.put(name, new RemediationSummary(s.name(),
          s.fingerprint(), s.phase(), s.target(), s.duplicates(), s.createdAt(), s.environment(), s.recentDuplicates(),
          s.stormsRecorded(), s.blockedUntil(), resolved)));
    }
  }

  @Override
  public synchronized boolean tracksFiring(String name, String source) {
    check();
    return byName.containsKey(name) && firingOf(name).contains(source);
  }

  /** The source alerts still firing for {@code name}, as the Kubernetes store keeps them in status. */
  public synchronized FiringAlerts firingOf(String name) {
    NewRemediation r = created.get(name);
    return firing.getOrDefault(name, FiringAlerts.of(r == null ? null : r.signal().sourceFingerprint(), null));
  }

  /** Runs once, at the start of the next {@link #recordResolution} (a deletion racing the resolution). */
  public volatile Runnable beforeResolution;

  /** Deletes the remediation {@code name}, as retention or {@code kubectl delete} would. */
  public synchronized void delete(String name) {
    byName.remove(name);
  }

  private void check() {
    if (unavailable) {
      throw new RetryableException("The in-memory store is switched off.");
    }
  }
}

package io.kubernaut.core.intake;

import io.kubernaut.ports.out.RemediationNames;
import io.kubernaut.core.classification.EnvironmentClassifier;
import io.kubernaut.core.classification.SeverityNormalizer;
import io.kubernaut.core.dedup.Deduplicator;
import io.kubernaut.core.dedup.RemediationNamer;
import io.kubernaut.core.fingerprint.Fingerprinter;
import io.kubernaut.core.storm.StormDetector;
import io.kubernaut.core.storm.TopologyStorm;
import io.kubernaut.core.storm.TopologyStormWindow;
import io.kubernaut.core.target.TargetLocator;
import io.kubernaut.ports.failure.AlreadyExistsException;
import io.kubernaut.ports.failure.GoneException;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.in.IngestSignal;
import io.kubernaut.ports.in.IngestSignalCommand;
import io.kubernaut.ports.in.IntakeOutcome;
import io.kubernaut.ports.in.IntakeOutcome.IgnoreReason;
import io.kubernaut.ports.in.IntakeOutcome.Result;
import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.out.RemediationStore;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.NewRemediation;
import io.kubernaut.ports.remediation.RecordedResolution;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.remediation.ResolvedAlerts;
import io.kubernaut.ports.remediation.StormCrossing;
import io.kubernaut.ports.remediation.StormThreshold;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.Signal;
import io.kubernaut.ports.signal.SignalStatus;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Takes in one signal: set aside what is not actionable (an alert on the ignore list, an alert
 * that names no target), locate and resolve its target, fingerprint it, then count it as a
 * duplicate (queueing the escalation of a storm threshold it crosses, which the store records and
 * escalates once with its next write), record its resolution, fold it into a topology storm, or
 * persist a new remediation. A duplicate of an active remediation costs no write here.
 */
public final class AlertIntake implements IngestSignal {

  /** How many times a lost create race or an ended remediation is re-read before giving up. */
  private static final int SETTLE_ATTEMPTS = 4;

  private final RemediationStore store;
  private final ClusterInspector cluster;
  private final EnvironmentClassifier environments;
  private final StormDetector storms;
  private final TopologyStormWindow topology;
  private final TargetLocator locator;
  private final Set<String> ignoredAlerts;
  private final Duration lateFiringWindow;
  private final RemediationNames usedNames;

  /**
   * An intake whose locator trusts {@code exported_namespace} from the default scrape jobs only and
   * that ignores {@link #DEFAULT_IGNORED_ALERTS}.
   */
  public AlertIntake(RemediationStore store, ClusterInspector cluster, EnvironmentClassifier environments,
      StormDetector storms, TopologyStormWindow topology) {
    this(store, cluster, environments, storms, topology, TargetLocator.standard(), DEFAULT_IGNORED_ALERTS);
  }

  /**
   * @param ignoredAlerts alert names (exact, case-sensitive) that are answered as ignored and never persisted,
   *     such as the always-firing {@code Watchdog}
   */
  public AlertIntake(RemediationStore store, ClusterInspector cluster, EnvironmentClassifier environments,
      StormDetector storms, TopologyStormWindow topology, TargetLocator locator, Set<String> ignoredAlerts) {
    this(store, cluster, environments, storms, topology, locator, ignoredAlerts,
        ResolvedAlerts.DEFAULT_LATE_FIRING_WINDOW);
  }

  /**
   * @param ignoredAlerts alert names (exact, case-sensitive) that are answered as ignored and never persisted,
   *     such as the always-firing {@code Watchdog}
   * @param lateFiringWindow how long after an episode's resolution a firing of it is late, no news ({@link
   *     ResolvedAlerts}); zero takes none as late. The store must be configured with the same window.
   */
  public AlertIntake(RemediationStore store, ClusterInspector cluster, EnvironmentClassifier environments,
      StormDetector storms, TopologyStormWindow topology, TargetLocator locator, Set<String> ignoredAlerts,
      Duration lateFiringWindow) {
    this(store, cluster, environments, storms, topology, locator, ignoredAlerts, lateFiringWindow,
        RemediationNames.none());
  }

  /**
   * @param usedNames the names earlier remediations of a fingerprint had, which a new one never takes
   *     (their AlertRemediations may be gone, their audit records keyed by those names are not)
   */
  public AlertIntake(RemediationStore store, ClusterInspector cluster, EnvironmentClassifier environments,
      StormDetector storms, TopologyStormWindow topology, TargetLocator locator, Set<String> ignoredAlerts,
      Duration lateFiringWindow, RemediationNames usedNames) {
    this.usedNames = usedNames;
    this.lateFiringWindow = ResolvedAlerts.lateFiringWindow(lateFiringWindow);
    this.store = store;
    this.cluster = cluster;
    this.environments = environments;
    this.storms = storms;
    this.topology = topology;
    this.locator = locator;
    this.ignoredAlerts = Set.copyOf(ignoredAlerts);
  }

  /**
   * The alerts kube-prometheus fires on purpose, never about a problem: {@code Watchdog} always
   * fires (a dead man's switch) and {@code InfoInhibitor} only inhibits info alerts.
   */
  public static final Set<String> DEFAULT_IGNORED_ALERTS = Set.of("Watchdog", "InfoInhibitor");

  /** What a new problem becomes: its own remediation, or a fold into a topology storm. */
  private record Problem(Fingerprint fingerprint, String nameBase, TargetRef target, List<TargetRef> affected,
      Result newResult, Result countedResult) {}

  /** A duplicate found while a delivery is taken, to be counted once the delivery's writes are done. */
  private record Count(int index, RemediationSummary active, Problem problem, IngestSignalCommand command) {}

  /** What {@link #ingest} answers for a duplicate it left to be counted. */
  private static final IntakeOutcome COUNTED_LATER = new IntakeOutcome(Result.DUPLICATE, "", "", 0, "Counted later.");

  @Override
  public IntakeOutcome ingest(IngestSignalCommand command) {
    return ingest(command, new HashMap<>(), Set.of(), null, null, 0);
  }

  /**
   * One delivery's alerts in its order. Alertmanager sends a group's alerts together, the ones still
   * firing with the resolved ones: a problem (one fingerprint: alert name and workload) that another
   * alert of the same delivery still reports firing is not resolved by one of its alerts resolving
   * (a pod of three that recovered does not resolve the Deployment's remediation).
   *
   * <p>Its duplicates are counted once every creation and resolution of the delivery is done: a
   * delivery that fails part-way (a retryable failure, answered {@code 503}) has counted none of
   * them, so Alertmanager's retry of the whole delivery does not count them twice. (A remediation it
   * created before failing is there when the retry comes, and counts the retry's alert as a duplicate.)
   */
  @Override
  public List<IntakeOutcome> ingestAll(List<IngestSignalCommand> commands) {
    Map<Fingerprint, String> createdByDelivery = new HashMap<>();
    Set<Fingerprint> firing = new java.util.HashSet<>();
    if (commands.stream().anyMatch(c -> c.signal().status() == SignalStatus.RESOLVED)) {
      // A late firing of a resolved episode reports nothing firing: it does not hold back a resolution beside it.
      commands.stream().filter(c -> c.signal().status() == SignalStatus.FIRING)
          .forEach(c -> problemTargetOf(c.signal()).ifPresent(t -> {
            Fingerprint problem = Fingerprinter.of(c.signal().name(), t);
            if (lateOn(c, t, store.findByFingerprint(problem)).isEmpty()) {
              firing.add(problem);
            }
          }));
    }
    List<Count> counts = new ArrayList<>();
    DeliveryStrikes struckOff = new DeliveryStrikes();
    List<IntakeOutcome> outcomes = new ArrayList<>(commands.size());
    for (int i = 0; i < commands.size(); i++) {
      outcomes.add(ingest(commands.get(i), createdByDelivery, firing, counts, struckOff, i));
    }
    // Every source alert that fires is recorded (a write the first time each is seen), then the ones this delivery
    // resolves beside them are struck off (so status never shows fewer firing than the delivery reports), and only
    // then is any duplicate counted.
    AlertsByRemediation firingOn = new AlertsByRemediation();
    counts.forEach(c -> firingOn.add(c.active().name(), c.command()));
    firingOn.writeEach(store::recordFiring);
    struckOff.run(store);
    for (Count c : counts) {
      // A remediation that ended since it was found counts nothing: the alert is taken again, at once. (A failure
      // here, rare, leaves the counts made before it; the retry counts those again.)
      outcomes.set(c.index(), duplicate(c.active(), c.problem(), c.command())
          .orElseGet(() -> ingest(c.command(), createdByDelivery, firing, null, null, c.index())));
    }
    return outcomes;
  }

  /** The top-level target of the problem {@code signal} reports, when it reports one the intake would take. */
  private Optional<TargetRef> problemTargetOf(Signal signal) {
    if (ignoredAlerts.contains(signal.name())) {
      return Optional.empty();
    }
    return locate(signal).filter(t -> plausibleObjectName(t.namespace()) && plausibleObjectName(t.name()))
        .map(cluster::topLevelOwner);
  }

  /**
   * Takes one alert; with {@code counts}, a duplicate is not counted but added there (at
   * {@code index}) and answered {@link #COUNTED_LATER}.
   */
  private IntakeOutcome ingest(IngestSignalCommand command, Map<Fingerprint, String> createdByDelivery,
      Set<Fingerprint> firingInDelivery, List<Count> counts, DeliveryStrikes struckOff, int index) {
    Signal signal = command.signal();
    if (ignoredAlerts.contains(signal.name())) {
      return IntakeOutcome.ignored(IgnoreReason.IgnoredAlertName, "Alert " + signal.name()
          + " is on the list of ignored alerts: it reports no problem to remediate, so nothing was created.");
    }
    Optional<TargetRef> located = locate(signal);
    if (located.isEmpty()) {
      return IntakeOutcome.ignored(IgnoreReason.NoTarget, "Alert " + signal.name() + " names no target (no pod, "
          + "workload, node or namespace label), so there is nothing to remediate and nothing was created.");
    }
    if (!plausibleObjectName(located.get().namespace()) || !plausibleObjectName(located.get().name())) {
      // Well formed, but not actionable: answered 200 ignored, not 400 (Alertmanager would log a failed notification for
      // it at every group interval), counted under its reason, and nothing persisted.
      return IntakeOutcome.ignored(IgnoreReason.InvalidTargetName, "Alert " + signal.name() + " names "
          + located.get().display() + ", which is not a Kubernetes object name, so nothing in the cluster can match it "
          + "and nothing was created.");
    }
    TargetRef target = cluster.topLevelOwner(located.get());
    Fingerprint fingerprint = Fingerprinter.of(signal.name(), target);
    Optional<List<TargetRef>> storm = Optional.empty();
    boolean observed = false; // the topology storm window sees a firing once, and only one that is news
    Problem own = new Problem(fingerprint, signal.name(), target, List.of(), Result.CREATED, Result.DUPLICATE);
    for (int attempt = 1; attempt <= SETTLE_ATTEMPTS; attempt++) {
      List<RemediationSummary> existing = store.findByFingerprint(fingerprint);
      if (signal.status() == SignalStatus.RESOLVED) {
        // Struck off every active storm that tracks it, whatever its own remediation; that one, if active, answers.
        Optional<IntakeOutcome> inStorm = strikeOffStorms(signal, target, fingerprint, command, struckOff);
        if (inStorm.isPresent() && Deduplicator.activeAmong(existing).isEmpty()) {
          return inStorm.get();
        }
        if (firingInDelivery.contains(fingerprint)) {
          Optional<RemediationSummary> active = Deduplicator.activeAmong(existing);
          // Struck off once the delivery's firing alerts are recorded; with none active, the episode is kept on the
          // remediation that is there then (one this delivery creates, or the one that ended last).
          Runnable strike = active.<Runnable>map(a -> () -> {
            try {
              store.recordResolution(a.name(), command.receivedAt(), signal.sourceFingerprint(), signal.startsAt(), true);
            } catch (GoneException deleted) {
              // deleted meanwhile (retention, or by hand): nothing is left to strike the alert off
            }
          }).orElse(() -> {
                List<RemediationSummary> now = store.findByFingerprint(fingerprint);
                Deduplicator.activeAmong(now).or(() -> latest(now)).ifPresent(r -> store.recordResolvedEpisode(r.name(),
                    command.receivedAt(), signal.sourceFingerprint(), signal.startsAt()));
              });
          if (struckOff == null) {
            strike.run();
          } else {
            struckOff.later(strike);
          }
          return new IntakeOutcome(Result.RESOLVED, active.map(RemediationSummary::name).orElse(""), fingerprint.hex(), 0,
              "Alert " + signal.name() + " resolved, but another alert of this delivery still reports the same problem "
                  + "firing; the resolution is recorded when the last of them resolves.");
        }
        Optional<RemediationSummary> active = Deduplicator.activeAmong(existing);
        if (active.isEmpty()) {
          latest(existing).ifPresent(ended -> store.recordResolvedEpisode(ended.name(), command.receivedAt(),
              signal.sourceFingerprint(), signal.startsAt()));
        }
        return resolve(active, fingerprint, command);
      }
      Optional<RemediationSummary> resolvedOn = lateOn(command, target, existing);
      if (resolvedOn.isPresent()) {
        return IntakeOutcome.ignored(IgnoreReason.ResolvedEpisode, "Alert " + signal.name() + " (started "
            + signal.startsAt() + ") was already reported resolved on AlertRemediation " + resolvedOn.get().name()
            + "; this firing of the same episode came late (a resend, or the twin delivery of an Alertmanager HA "
            + "peer), so it is not counted and starts nothing. A new episode of the alert starts later and is taken, "
            + "as is this one firing again more than " + lateFiringWindow.toSeconds() + " s after its resolution "
            + "(KUBERNAUT_LATE_FIRING_WINDOW_SECONDS).");
      }
      if (!observed) {
        storm = topology.observe(signal.name(), target, command.receivedAt());
        observed = true;
      }
      Optional<RemediationSummary> active = Deduplicator.absorbingAt(existing, command.receivedAt());
      String ownCreation = createdByDelivery.get(fingerprint);
      if (active.isEmpty() && ownCreation != null) {
        return partOfEnded(ownCreation, fingerprint, existing);
      }
      Optional<IntakeOutcome> settled;
      if (active.isPresent()) {
        settled = count(active.get(), own, command, counts, index);
      } else if (storm.isPresent()) {
        settled = settle(foldInto(signal, storm.get()), command, counts, index);
      } else {
        // A storm of its alertname already folding (seen by another replica's window, or before this one's window
        // began) takes it too: each replica's window counts only the deliveries it is sent.
        Optional<RemediationSummary> folding = activeStormOf(signal.name(), target, command.receivedAt());
        settled = folding.isPresent()
            ? count(folding.get(), joining(signal, folding.get(), target), command, counts, index)
            : create(own, existing, command, counts, index);
      }
      if (settled.isPresent()) {
        if (settled.get().result() == Result.CREATED) {
          createdByDelivery.put(fingerprint, settled.get().remediationName());
        }
        return settled.get();
      }
    }
    throw new RetryableException("Could not settle the remediation for fingerprint " + fingerprint.shortForm()
        + " after " + SETTLE_ATTEMPTS + " attempts; retry later.");
  }

  /**
   * A signal of a problem whose remediation this same delivery created, which has ended already:
   * it is part of that remediation, not a new one (nothing more is written; the count of an
   * ended remediation stays as it ended).
   */
  private static IntakeOutcome partOfEnded(String name, Fingerprint fingerprint, List<RemediationSummary> existing) {
    String phase = existing.stream().filter(r -> r.name().equals(name)).findFirst()
        .map(r -> " (" + r.phase() + ")").orElse("");
    return new IntakeOutcome(Result.DUPLICATE, name, fingerprint.hex(), 0, "Part of AlertRemediation " + name
        + ", which this delivery created and which has already ended" + phase + "; not counted again.");
  }

  /**
   * Whether a namespace or name could name a Kubernetes object: at most 253 ASCII letters, digits,
   * dashes, dots, underscores or colons (the last two for names such as RBAC roles). Anything else
   * cannot exist, and looking it up would put it into an API URL.
   */
  private static boolean plausibleObjectName(String name) {
    return name.length() <= 253 && name.chars().allMatch(c -> c < 128
        && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == ':'))
        && !name.equals(".") && !name.equals("..");
  }

  private Optional<TargetRef> locate(Signal signal) {
    return signal.target() != null ? Optional.of(signal.target()) : locator.locate(signal.labels());
  }

  /**
   * The active topology storm of {@code alertName} that {@code target}'s alerts fold into (its namespace's or the
   * cluster's), when it began within the window.
   */
  private Optional<RemediationSummary> activeStormOf(String alertName, TargetRef target, java.time.Instant at) {
    for (Fingerprint storm : stormFingerprints(alertName, target)) {
      Optional<RemediationSummary> folding = Deduplicator.absorbingAt(store.findByFingerprint(storm), at)
          .filter(s -> topology.folds(s.createdAt(), at));
      if (folding.isPresent()) {
        return folding;
      }
    }
    return Optional.empty();
  }

  /** The problem of an alert on {@code target} that joins the active storm {@code storm}. */
  private static Problem joining(Signal signal, RemediationSummary storm, TargetRef target) {
    return new Problem(storm.fingerprint(), TopologyStorm.nameBase(signal.name()), storm.target(), List.of(target),
        Result.AGGREGATED, Result.AGGREGATED);
  }

  private static Problem foldInto(Signal signal, List<TargetRef> affected) {
    TargetRef stormTarget = TopologyStorm.targetOf(affected);
    return new Problem(TopologyStorm.fingerprintOf(signal.name(), stormTarget), TopologyStorm.nameBase(signal.name()),
        stormTarget, affected, Result.AGGREGATED, Result.AGGREGATED);
  }

  /** Counts the signal on the problem's active remediation, or creates it; empty when a race needs a re-read. */
  private Optional<IntakeOutcome> settle(Problem problem, IngestSignalCommand command, List<Count> counts, int index) {
    List<RemediationSummary> existing = store.findByFingerprint(problem.fingerprint());
    Optional<RemediationSummary> active = Deduplicator.absorbingAt(existing, command.receivedAt());
    return active.isPresent() ? count(active.get(), problem, command, counts, index)
        : create(problem, existing, command, counts, index);
  }

  /**
   * Records that the alert reports its problem firing: the problem resolves only once every such alert has resolved.
   * A topology storm records the alerts folded into it, so that it resolves once the last of them has.
   */
  private void fires(RemediationSummary active, IngestSignalCommand command) {
    store.recordFiring(active.name(), command.signal().sourceFingerprint(), command.signal().startsAt(),
        command.receivedAt());
  }

  /**
   * Strikes the resolved alert off every active topology storm of its alertname (its namespace's, and the whole
   * cluster's) that tracks it firing; the last one struck off a storm resolves it. In a delivery the strikes wait
   * until the delivery's firing alerts are recorded, so that a member firing beside it holds the storm. Answers
   * for the first storm struck, empty when none tracks it (an alert past {@link
   * io.kubernaut.ports.remediation.FiringAlerts#MAX}, or one that never folded into a storm). A storm whose
   * fingerprint is the alert's own ({@code own}) is left to the alert's own path.
   */
  private Optional<IntakeOutcome> strikeOffStorms(Signal signal, TargetRef target, Fingerprint own,
      IngestSignalCommand command, DeliveryStrikes struckOff) {
    String source = signal.sourceFingerprint();
    if (source == null || source.isBlank()) {
      return Optional.empty();
    }
    Optional<IntakeOutcome> answer = Optional.empty();
    for (Fingerprint storm : stormFingerprints(signal.name(), target)) {
      if (storm.equals(own)) {
        continue; // an alert named like a storm's problem ("<alertname>/topology-storm"): its own path resolves it
      }
      Optional<RemediationSummary> tracking = Deduplicator.activeAmong(store.findByFingerprint(storm))
          .filter(s -> store.tracksFiring(s.name(), source));
      if (tracking.isEmpty()) {
        continue;
      }
      String name = tracking.get().name();
      IntakeOutcome outcome;
      if (struckOff != null) {
        struckOff.offStorm(name, command);
        outcome = new IntakeOutcome(Result.RESOLVED, name, storm.hex(), 0, "Alert " + signal.name() + " resolved; it"
            + " was folded into topology storm AlertRemediation " + name + ", which is resolved when the last alert"
            + " folded into it has resolved.");
      } else {
        outcome = resolve(tracking, storm, command);
      }
      answer = answer.or(() -> Optional.of(outcome));
    }
    return answer;
  }

  /** The fingerprints of the topology storms {@code alertName} on {@code target} may have folded into. */
  private static List<Fingerprint> stormFingerprints(String alertName, TargetRef target) {
    return java.util.stream.Stream.of(TopologyStorm.targetOf(List.of(target)), TopologyStorm.CLUSTER).distinct()
        .map(t -> TopologyStorm.fingerprintOf(alertName, t)).toList();
  }

  /**
   * The remediation that records this firing's episode as resolved within the late-firing window: one of the
   * problem's own ({@code existing}), or a topology storm of its alertname it was folded into, which records
   * the episodes of the alerts struck off it.
   */
  private Optional<RemediationSummary> lateOn(IngestSignalCommand command, TargetRef target,
      List<RemediationSummary> existing) {
    Optional<RemediationSummary> own = lateOn(existing, command);
    String source = command.signal().sourceFingerprint();
    if (own.isPresent() || source == null || source.isBlank()) {
      return own;
    }
    return lateOn(stormFingerprints(command.signal().name(), target).stream()
        .flatMap(storm -> store.findByFingerprint(storm).stream()).toList(), command);
  }

  /** Counts the duplicate now, or, with {@code counts}, once the delivery's other writes are done. */
  private Optional<IntakeOutcome> count(RemediationSummary active, Problem problem, IngestSignalCommand command,
      List<Count> counts, int index) {
    if (counts == null) {
      fires(active, command);
      return duplicate(active, problem, command);
    }
    counts.add(new Count(index, active, problem, command));
    return Optional.of(COUNTED_LATER);
  }

  /**
   * Creates the problem's next remediation; or, when one created a moment ago (by a concurrent delivery, or another
   * replica) takes the alert, counts it there; empty when a race needs a re-read.
   */
  private Optional<IntakeOutcome> create(Problem problem, List<RemediationSummary> existing, IngestSignalCommand command,
      List<Count> counts, int index) {
    // The cluster's remediations of the fingerprint and the names the audit trail remembers: a name retention
    // freed is not given again (its audit records, keyed by it, would drop the new one's as replays).
    Optional<List<String>> used = usedNames.usedFor(problem.fingerprint());
    // Without the trail's answer, the cluster's remediations tell the next name only when one of them is in the
    // sequence (a name retention freed comes before theirs); with none, the first name may be a freed one.
    boolean unverified = used.isEmpty() && !RemediationNamer.sequenced(problem.nameBase(), problem.fingerprint(), existing);
    String name = unverified ? RemediationNamer.unverified(problem.nameBase(), problem.fingerprint(), existing,
        command.receivedAt()) : RemediationNamer.next(problem.nameBase(), problem.fingerprint(), existing,
        used.orElse(List.of()));
    if (unverified) {
      // A delivery of the same problem just before the hour turned (an Alertmanager HA twin, a concurrent post) named
      // it for the hour before: read that name fresh, and count the alert there if it takes it.
      Optional<RemediationSummary> twin = store.findByName(RemediationNamer.unverified(problem.nameBase(),
          problem.fingerprint(), existing, command.receivedAt().minus(Duration.ofHours(1))))
          .filter(r -> problem.fingerprint().equals(r.fingerprint()) && r.absorbsAt(command.receivedAt()));
      if (twin.isPresent()) {
        return count(twin.get(), problem, command, counts, index);
      }
    }
    if (!unverified && !name.equals(RemediationNamer.next(problem.nameBase(), problem.fingerprint(), existing))) {
      // The trail knows a later name than the remediations read showed: deleted by retention, or created after they
      // were read (by a concurrent delivery, or another replica). Read that one fresh: if it takes the alert, the alert
      // is counted there; a create under the next name would not collide with it and would start a second
      // remediation of the problem.
      Optional<RemediationSummary> latest = store.findByName(RemediationNamer.previous(problem.nameBase(),
          problem.fingerprint(), name)).filter(r -> problem.fingerprint().equals(r.fingerprint())
          && r.absorbsAt(command.receivedAt()));
      if (latest.isPresent()) {
        return count(latest.get(), problem, command, counts, index);
      }
    }
    try {
      store.create(newRemediation(name, problem, command));
    } catch (AlreadyExistsException lostRace) {
      return Optional.empty(); // Another request or replica created it first: re-read and count against the winner.
    } catch (PermanentException refused) {
      // Refused for good (too large, invalid, forbidden by a quota or a policy): this alert alone is turned away, with
      // the API server's reason. Thrown, it would fail the whole delivery, and each of its retries, before the alerts
      // after this one were taken in.
      return Optional.of(new IntakeOutcome(Result.REJECTED, "", problem.fingerprint().hex(), 0, "AlertRemediation "
          + name + " could not be stored for alert " + command.signal().name() + ", and would not be on a retry: "
          + refused.getMessage() + " Nothing of this alert was taken in."));
    }
    String what = problem.affected().isEmpty()
        ? problem.target().display()
        : "a topology storm of " + problem.affected().size() + " resources firing " + command.signal().name();
    return Optional.of(new IntakeOutcome(problem.newResult(), name, problem.fingerprint().hex(), 0,
        "Created AlertRemediation " + name + " for " + what + "."));
  }

  /**
   * Counts one duplicate (on an active remediation, or on one a time-bound block holds) and queues the
   * escalation of a storm threshold it crosses; empty when the remediation ended meanwhile.
   */
  private Optional<IntakeOutcome> duplicate(RemediationSummary active, Problem problem, IngestSignalCommand command) {
    Optional<RemediationSummary> counted = store.recordDuplicate(active.name(), command.receivedAt());
    if (counted.isEmpty()) {
      return Optional.empty();
    }
    List<StormThreshold> queued = new ArrayList<>();
    for (StormCrossing crossing : storms.crossings(counted.get(), command.receivedAt())) {
      if (store.queueStorm(active.name(), crossing)) {
        queued.add(crossing.threshold());
      }
    }
    long count = counted.get().duplicates() == null ? 0 : counted.get().duplicates().count();
    String verb = problem.countedResult() == Result.AGGREGATED ? "Folded into topology-storm"
        : "Counted as duplicate " + count + " of " + (active.isActive() ? "active" : "blocked");
    String held = active.isActive() ? "" : " It holds this problem until its block lifts at " + active.blockedUntil()
        + "; a later delivery starts a new remediation.";
    return Optional.of(new IntakeOutcome(problem.countedResult(), active.name(), active.fingerprint().hex(), count,
        verb + " AlertRemediation " + active.name() + "." + held
            + (queued.isEmpty() ? "" : " Alert storm (" + queued.stream().map(StormThreshold::wireName).toList()
                + "): its escalation is queued and is sent once the crossing is recorded on the remediation, "
                + "within about a second."), queued));
  }

  /** The remediation of {@code existing} on which {@code command}'s firing is a late one of a resolved episode. */
  private Optional<RemediationSummary> lateOn(List<RemediationSummary> existing, IngestSignalCommand command) {
    Signal signal = command.signal();
    return existing.stream().filter(r -> r.resolvedAlerts().ended(signal.sourceFingerprint(), signal.startsAt(),
        command.receivedAt(), lateFiringWindow)).findFirst();
  }

  /** The remediation of {@code existing} created last. */
  private static Optional<RemediationSummary> latest(List<RemediationSummary> existing) {
    return existing.stream().max(Comparator.comparing(RemediationSummary::createdAt)
        .thenComparing(RemediationSummary::name));
  }

  private IntakeOutcome resolve(Optional<RemediationSummary> active, Fingerprint fingerprint, IngestSignalCommand command) {
    if (active.isEmpty()) {
      return new IntakeOutcome(Result.RESOLVED, "", fingerprint.hex(), 0,
          "No active remediation has this fingerprint; the resolution needs no action.");
    }
    RecordedResolution recorded;
    try {
      recorded = store.recordResolution(active.get().name(), command.receivedAt(),
          command.signal().sourceFingerprint(), command.signal().startsAt(), false);
    } catch (GoneException deleted) {
      // Deleted as the resolution arrived (retention, or by hand; the cache still showed it): nothing to resolve. A
      // 500 made Alertmanager send the whole delivery again.
      return new IntakeOutcome(Result.RESOLVED, "", fingerprint.hex(), 0, "AlertRemediation " + active.get().name()
          + " was deleted as the resolution arrived; the resolution needs no action.");
    }
    RemediationSummary resolved = recorded.remediation();
    return new IntakeOutcome(Result.RESOLVED, resolved.name(), fingerprint.hex(),
        resolved.duplicates() == null ? 0 : resolved.duplicates().count(), recorded.stillFiring() > 0
            ? "Alert " + command.signal().name() + " resolved, but " + recorded.stillFiring() + " other alert(s) of the "
                + "same problem still fire; AlertRemediation " + resolved.name() + " is resolved when the last of them "
                + "resolves."
            : "Recorded the resolution on AlertRemediation " + resolved.name() + ".");
  }

  private NewRemediation newRemediation(String name, Problem problem, IngestSignalCommand command) {
    Signal signal = command.signal();
    TargetRef target = problem.target();
    String namespace = !target.namespace().isEmpty() ? target.namespace()
        : "Namespace".equals(target.kind()) ? target.name() : locator.namespaceOf(signal.labels());
    // A node's environment comes from the node (refined from its labels during processing), never from
    // the alert's namespace label: until then a node is production.
    Environment environment = "Node".equals(target.kind()) ? environments.classifyNode(Map.of())
        : namespace.isEmpty() ? Environment.UNKNOWN
        : environments.classify(namespace, cluster.namespaceLabels(namespace));
    return new NewRemediation(name, problem.fingerprint(), signal, target,
        SeverityNormalizer.normalize(signal.severity()), environment, command.receivedAt(), problem.affected());
  }
}

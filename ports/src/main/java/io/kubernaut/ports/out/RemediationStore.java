package io.kubernaut.ports.out;

import io.kubernaut.ports.remediation.FiringAlerts;
import io.kubernaut.ports.remediation.NewRemediation;
import io.kubernaut.ports.remediation.RecordedResolution;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.remediation.SourceAlert;
import io.kubernaut.ports.remediation.StormCrossing;
import io.kubernaut.ports.signal.Fingerprint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Driven port: where AlertRemediations live (the Kubernetes API server in production). It is
 * the source of truth for deduplication.
 *
 * <p>Every method throws {@link io.kubernaut.ports.failure.RetryableException} when the store
 * cannot be reached.
 */
public interface RemediationStore {

  /** Every remediation, active or ended, that carries this fingerprint. */
  List<RemediationSummary> findByFingerprint(Fingerprint fingerprint);

  /**
   * One remediation by name, read from the source of truth (not a cache that may lag behind another
   * replica's create).
   */
  Optional<RemediationSummary> findByName(String name);

  /**
   * Creates the remediation.
   *
   * @throws io.kubernaut.ports.failure.AlreadyExistsException when the name is taken
   */
  void create(NewRemediation remediation);

  /**
   * Adds one duplicate seen at {@code at} to the remediation's counter (and to its recent
   * arrival times) and returns the result. A store may count in memory and persist the counts
   * within a short flush interval (the Kubernetes store does, once a second per remediation, as
   * increments); the answer then includes counts not yet persisted. The count is only added while the remediation absorbs
   * signals at {@code at} ({@link RemediationSummary#absorbsAt}): when it has ended (and no
   * time-bound block holds it) or no longer exists, nothing is counted and the answer is empty, so
   * the caller re-checks the fingerprint against the source of truth.
   */
  Optional<RemediationSummary> recordDuplicate(String name, Instant at);

  /**
   * Queues a storm threshold crossing to be recorded on the remediation, without waiting for it:
   * the store records it with its next write of the duplicate counts (the Kubernetes store: within
   * the flush interval, about a second) and hands every crossing it recorded to
   * {@link io.kubernaut.ports.in.EscalateStorm}. Recording is decided by the store's optimistic
   * lock, so across replicas and concurrent writers exactly one records a threshold, once per
   * remediation, and only that one escalates it. A crash before the write loses the queued
   * crossing with the counts of that interval; the next duplicate crosses it again.
   *
   * @return whether this call queued it; {@code false} when this process queued or recorded it before
   */
  boolean queueStorm(String name, StormCrossing crossing);

  /**
   * Records that the source alert {@code source} (its Alertmanager fingerprint, or empty when it has
   * none) reports the remediation's problem firing, before its duplicate is counted, so that the
   * problem resolves only once every such alert has resolved ({@link FiringAlerts}). Nothing is
   * written for a source already recorded, so the cost falls once per alert, not per duplicate.
   * Nothing is recorded on a remediation that no longer absorbs signals at {@code at}, nor for a firing
   * that started at {@code startsAt} of an episode the remediation records as resolved (a late one,
   * within the late-firing window the store is configured with, the intake's: {@link
   * io.kubernaut.ports.remediation.ResolvedAlerts}).
   */
  default void recordFiring(String name, String source, Instant startsAt, Instant at) {
    recordFiring(name, List.of(new SourceAlert(source, startsAt)), at);
  }

  /**
   * Records that each of {@code alerts}, received {@code at} (one delivery), reports the remediation's
   * problem firing, as {@link #recordFiring(String, String, Instant, Instant)} does for one, with one
   * write at most: a delivery of many alerts of one problem (the pods of one Deployment, or the
   * resources folded into a topology storm) costs one status write, not one per alert.
   */
  void recordFiring(String name, List<SourceAlert> alerts, Instant at);

  /**
   * Records that the source alert {@code source} resolved. When it was the last of the problem's
   * firing alerts (or the remediation tracks none), the remediation is resolved: before execution
   * this ends it as Completed with outcome AutoResolved; during execution it is kept for the
   * monitoring phase. Otherwise only the source is struck off and the answer says how many still fire.
   * With {@code othersFire} (another alert of the same delivery reports the problem firing, recorded
   * before) the source is only struck off, whatever is left. Either way the source's episode, by
   * {@code startsAt} (null when the signal has none), is recorded as resolved ({@link
   * io.kubernaut.ports.remediation.ResolvedAlerts}): a late firing of it is then no news.
   *
   * @throws io.kubernaut.ports.failure.GoneException when the remediation no longer exists
   */
  RecordedResolution recordResolution(String name, Instant at, String source, Instant startsAt, boolean othersFire);

  /**
   * Records that each of {@code alerts}, received {@code at} (one delivery), resolved, as {@link
   * #recordResolution} without {@code othersFire} does for each in turn, with one write at most: each is
   * struck off the firing alerts and its episode recorded, and the remediation is resolved when one of them
   * was the last it tracked firing (or it tracks none). A delivery of many resolutions on one topology storm
   * costs one status write, not one per alert. An alert without a source (null or blank) is skipped: unlike
   * {@link #recordResolution}, it resolves nothing here. Nothing is written on a remediation that is gone.
   */
  void recordResolutions(String name, List<SourceAlert> alerts, Instant at);

  /**
   * Whether the remediation {@code name} tracks the source alert {@code source} (its Alertmanager
   * fingerprint) firing ({@link FiringAlerts}): recorded firing and not resolved since. A topology storm
   * tracks the alerts folded into it; one of theirs that resolves is struck off there.
   */
  boolean tracksFiring(String name, String source);

  /**
   * Records on a remediation (one that has ended, or none active) that the episode of the source alert
   * {@code source} that started at {@code startsAt} resolved {@code at}, so that a late firing of it is
   * no news ({@link io.kubernaut.ports.remediation.ResolvedAlerts}); nothing else changes, and nothing
   * is written when it is recorded already, when either is unknown, or when the remediation is gone.
   */
  void recordResolvedEpisode(String name, Instant at, String source, Instant startsAt);
}

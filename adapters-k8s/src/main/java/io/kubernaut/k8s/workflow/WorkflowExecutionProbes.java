package io.kubernaut.k8s.workflow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Monitoring's health probes, one read of the target each, made when a check is due rather than
 * on every Monitoring reconcile: a workflow is also woken by its executions' and its
 * AlertRemediation's status events, which say nothing about the target. The first probe is made
 * {@link #SETTLE} after Monitoring began, not at once: the action changed the target a moment
 * before, and a look then can see the state from before the change (a patched Deployment whose
 * rollout has not been observed yet, a pod just deleted still counted available), which is either a
 * read that can only say "not yet" or a "healthy" that says nothing about the change. The assessor then names when to look again (its
 * recheck interval, never past the window's end), and until then a reconcile reuses the last answer
 * and keeps the look-again time it was given. A healthy answer ends Monitoring at once, so only "not yet healthy" is reused.
 * Kept per workflow (its uid) in memory: after a restart the first reconcile probes again.
 */
final class WorkflowExecutionProbes {

  /** A timer that fires this close to the due time counts as due (timers are not exact). */
  static final Duration TOLERANCE = Duration.ofMillis(50);
  /** How long after Monitoring began the first probe is made (the assessor's first recheck is as long). */
  static final Duration SETTLE = Duration.ofMillis(250);

  /** The last answer, and when the next probe is due (null until the reconcile that probed set it). */
  private record Probe(Boolean healthy, Instant due) {}

  private final Cache<String, Probe> probes = Caffeine.newBuilder().maximumSize(20_000)
      .expireAfterWrite(Duration.ofHours(1)).build();

  /** What a workflow's probes are kept under: its uid (a workflow recreated under the same name starts afresh). */
  static String key(io.kubernaut.k8s.crd.WorkflowExecution wfe) {
    String uid = wfe.getMetadata().getUid();
    return uid != null ? uid : wfe.getMetadata().getNamespace() + "/" + wfe.getMetadata().getName();
  }

  /**
   * The target's health: probed when no answer is kept or the next probe is due, else the last
   * answer; null (not looked at yet) until {@link #SETTLE} after {@code monitoringSince}.
   */
  Boolean healthy(String workflow, Instant now, Instant monitoringSince, Supplier<Boolean> probe) {
    Probe last = probes.getIfPresent(workflow);
    if (last == null && monitoringSince != null && now.plus(TOLERANCE).isBefore(monitoringSince.plus(SETTLE))) {
      return null;
    }
    if (last != null && last.due() != null && now.plus(TOLERANCE).isBefore(last.due())) {
      return last.healthy();
    }
    Boolean healthy = probe.get();
    probes.put(workflow, new Probe(healthy, null));
    return healthy;
  }

  /**
   * When to look again: a reconcile that probed keeps {@code requeue} as the next probe's due time;
   * one that reused the last answer looks again no later than the probe it was given is due.
   */
  Duration requeue(String workflow, Instant now, Duration requeue) {
    Probe last = probes.getIfPresent(workflow);
    if (last == null || requeue == null) {
      return requeue;
    }
    if (last.due() == null) {
      probes.put(workflow, new Probe(last.healthy(), now.plus(requeue)));
      return requeue;
    }
    Duration untilDue = Duration.between(now, last.due());
    return untilDue.isNegative() ? Duration.ZERO : untilDue.compareTo(requeue) < 0 ? untilDue : requeue;
  }

  /** Drops what was kept for a workflow that ended. */
  void forget(String workflow) {
    probes.invalidate(workflow);
  }
}

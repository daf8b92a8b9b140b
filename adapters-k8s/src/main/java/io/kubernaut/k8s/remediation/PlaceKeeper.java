package io.kubernaut.k8s.remediation;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.runtime.PrimaryWaker;
import io.kubernaut.ports.signal.Rfc3339Times;
import io.kubernaut.ports.pipeline.Phase;
import io.kubernaut.ports.remediation.PipelinePlace;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Keeps the pipeline's places for one shard ({@link PipelinePlace}): at most {@code limit}
 * remediations work at once; the rest wait in Pending, oldest first, and the one whose turn comes
 * is reconciled when a place frees (an event, not a poll). Kept in memory by the replica that
 * reconciles the shard, so at most one keeper counts a remediation; on a start it counts the ones
 * its controller's cache shows working before it grants the first place, and every waiting one
 * takes its turn again when the controller reconciles it.
 */
final class PlaceKeeper {

  /** A remediation that waits, ordered oldest first (then by namespace and name). */
  private record Waiter(Instant createdAt, ResourceID id) {
    static final Comparator<Waiter> ORDER = Comparator.comparing(Waiter::createdAt)
        .thenComparing(w -> w.id().getNamespace().orElse("")).thenComparing(w -> w.id().getName());
  }

  private final int limit;
  private final Supplier<Collection<AlertRemediation>> known;
  private final Function<AlertRemediation, Phase> workflowPhase;
  private final Predicate<ResourceID> exists;
  private final Set<ResourceID> working = new HashSet<>();
  private final TreeSet<Waiter> waiting = new TreeSet<>(Waiter.ORDER);
  /** A new start (or term as leader) counts again from the cache: what was kept may be stale. */
  private final PrimaryWaker<AlertRemediation> turns = new PrimaryWaker<>("remediation-turns", this::reset, this::reset);
  private boolean counted;

  /**
   * @param limit the places; 0 for no limit
   * @param known the remediations the controller's cache holds, counted once before the first place is granted
   * @param workflowPhase the phase of a remediation's workflow as the cache holds it, or null
   * @param exists whether a remediation still exists (in the shard): one that went without its cleanup (its
   *     finalizer removed by hand, relabelled to another shard) holds no place and no turn
   */
  PlaceKeeper(int limit, Supplier<Collection<AlertRemediation>> known, Function<AlertRemediation, Phase> workflowPhase,
      Predicate<ResourceID> exists) {
    if (limit < 0) {
      throw new IllegalArgumentException("The pipeline's places cannot be negative: " + limit);
    }
    this.limit = limit;
    this.known = known;
    this.workflowPhase = workflowPhase;
    this.exists = exists;
  }

  /** JOSDK's handle on the keeper: an event for each waiting remediation whose turn has come. */
  EventSource<Void, AlertRemediation> turns() {
    return turns;
  }

  /**
   * The place of {@code ar} as it is reconciled. A remediation still Pending takes a place if one is
   * free and no older one waits for it, and otherwise waits in line; one past Pending holds its place
   * as the keeper counted it. The count of those waiting ahead is the line's, which may still hold a
   * remediation gone without its cleanup that has not come to the front yet.
   */
  PipelinePlace place(AlertRemediation ar) {
    if (limit == 0) {
      return PipelinePlace.UNLIMITED;
    }
    List<ResourceID> due = List.of();
    PipelinePlace answer;
    synchronized (this) {
      countKnown();
      ResourceID id = ResourceID.fromResource(ar);
      RemediationPhase phase = ar.getStatus() == null ? null : ar.getStatus().getPhase();
      if (working.contains(id) || phase != null && phase != RemediationPhase.Pending) {
        return new PipelinePlace(true, working.size(), limit, 0);
      }
      Waiter waiter = waiter(ar);
      boolean pruned = false;
      if (working.size() >= limit) {
        // Before it waits: a remediation that went without its cleanup must not hold a place for ever.
        pruned = working.removeIf(other -> !other.equals(id) && !exists.test(other));
      }
      if (liveAhead(waiter, limit - working.size()) < limit - working.size()) {
        waiting.remove(waiter);
        working.add(id);
        answer = new PipelinePlace(true, working.size(), limit, 0);
      } else {
        waiting.add(waiter);
        answer = new PipelinePlace(false, working.size(), limit, waiting.headSet(waiter, false).size());
      }
      if (pruned) {
        due = due(); // the places the prune freed, beyond its own, go to those in line, who would not hear of them otherwise
      }
    }
    due.forEach(turns::wake);
    return answer;
  }

  /**
   * The remediations that wait ahead of {@code waiter}, counted from the head of the line up to {@code
   * enough}: those gone without their cleanup are dropped on the way, so none holds a turn for ever.
   * Bounded by the free places, not the length of the line: a backlog of n remediations asks about
   * existence O(n × places) times as they queue, not O(n²).
   */
  private int liveAhead(Waiter waiter, int enough) {
    return live(waiting.headSet(waiter, false).iterator(), enough).size();
  }

  /**
   * Records where the conductor sent {@code ar}: a remediation that works holds its place; one that
   * awaits approval, monitors its workflow or has ended gives it up, and the next in line is woken.
   */
  void settle(AlertRemediation ar, RemediationPhase decided, Phase workflow) {
    if (limit == 0) {
      return;
    }
    List<ResourceID> due;
    synchronized (this) {
      ResourceID id = ResourceID.fromResource(ar);
      if (PipelinePlace.holds(decided, workflow)) {
        waiting.remove(waiter(ar));
        working.add(id);
        return;
      }
      if (decided != RemediationPhase.Pending) {
        waiting.remove(waiter(ar));
      }
      if (!working.remove(id)) {
        return;
      }
      due = due();
    }
    due.forEach(turns::wake);
  }

  /** Forgets a remediation that is deleted: its place, if it held one, goes to the next in line. */
  void forget(AlertRemediation ar) {
    if (limit == 0) {
      return;
    }
    List<ResourceID> due;
    synchronized (this) {
      waiting.remove(waiter(ar));
      if (!working.remove(ResourceID.fromResource(ar))) {
        return;
      }
      due = due();
    }
    due.forEach(turns::wake);
  }

  /**
   * The oldest waiting remediations, as many as there are free places; one gone without its cleanup
   * leaves the line instead of taking a turn it would never use.
   */
  private List<ResourceID> due() {
    return live(waiting.iterator(), limit - working.size());
  }

  /**
   * The first {@code enough} remediations of the line {@code in} that still exist, in order; those gone
   * without their cleanup met on the way are dropped from it.
   */
  private List<ResourceID> live(java.util.Iterator<Waiter> in, int enough) {
    List<ResourceID> live = new ArrayList<>();
    while (in.hasNext() && live.size() < enough) {
      ResourceID id = in.next().id();
      if (exists.test(id)) {
        live.add(id);
      } else {
        in.remove();
      }
    }
    return live;
  }

  /**
   * The remediations that hold a place now, as this keeper counts them: 0 until it has counted (on a
   * replica that does not lead its shard, or before the first remediation asked for a place) and again
   * once its controller stops (the end of a term as leader).
   */
  synchronized int inUse() {
    return working.size();
  }

  /** Counts, once, the remediations the cache shows working (after a start, or a new term as leader). */
  private void countKnown() {
    if (counted) {
      return;
    }
    counted = true;
    for (AlertRemediation ar : known.get()) {
      RemediationPhase phase = ar.getStatus() == null ? null : ar.getStatus().getPhase();
      if (PipelinePlace.holds(phase, workflowPhase.apply(ar))) {
        working.add(ResourceID.fromResource(ar));
      }
    }
  }

  private synchronized void reset() {
    working.clear();
    waiting.clear();
    counted = false;
  }

  private static Waiter waiter(AlertRemediation ar) {
    String created = ar.getMetadata().getCreationTimestamp();
    return new Waiter(created == null ? Instant.EPOCH : Rfc3339Times.parse(created), ResourceID.fromResource(ar));
  }
}

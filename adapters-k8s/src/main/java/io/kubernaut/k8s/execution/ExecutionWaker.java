package io.kubernaut.k8s.execution;

import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.ports.out.ActionRunner;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wakes the executions the action host turned away (NOT_STARTED: every thread of the action's
 * plugin busy and its queue full) as its calls end: each call that ends reconciles the oldest
 * execution (by creation time, then namespace and name) waiting for an action of the same plugin,
 * so a storm's executions get the plugin's threads in the order they were made, without trying
 * again on a timer meanwhile (the conductor's wait is only a backstop).
 *
 * <p>An execution is waiting from the moment a call of it is turned away until it is woken or its
 * next call starts. A thread freed while a call was being turned away (between its start and
 * {@link #turnedAway}) wakes a waiter at once, so no end is missed.
 */
final class ExecutionWaker extends AbstractEventSource<KubernetesExecution, KubernetesExecution> {

  private static final Comparator<Turn> OLDEST_FIRST = Comparator.comparing(Turn::created)
      .thenComparing(Turn::namespace).thenComparing(Turn::name);

  /** One execution turned away: its place in the queue, and the action it waits to call. */
  private record Turn(String created, String namespace, String name) {}

  private final TreeMap<Turn, String> waiting = new TreeMap<>(OLDEST_FIRST);
  private final AtomicLong freed = new AtomicLong();

  ExecutionWaker(ActionRunner runner) {
    super(KubernetesExecution.class, "execution-waker");
    runner.onCapacityFreed(this::freed);
  }

  /** How many calls have ended so far: read before a call, handed to {@link #turnedAway} if it was turned away. */
  long freedSoFar() {
    return freed.get();
  }

  /** Leaves the queue: a call of the execution is about to be made, or it has ended. */
  void leave(KubernetesExecution kex) {
    synchronized (waiting) {
      waiting.remove(turnOf(kex));
    }
  }

  /**
   * Queues an execution whose call was turned away; if a call of any plugin has ended since
   * {@code freedBefore}, a thread may be free already, so the oldest waiter of this action's plugin is woken now.
   */
  void turnedAway(KubernetesExecution kex, long freedBefore) {
    String action = kex.getSpec().getAction();
    synchronized (waiting) {
      waiting.put(turnOf(kex), action);
    }
    if (freed.get() != freedBefore) {
      wakeOldest(Set.of(action));
    }
  }

  /** How many executions wait for a thread. */
  int waiting() {
    synchronized (waiting) {
      return waiting.size();
    }
  }

  private void freed(Set<String> actions) {
    freed.incrementAndGet();
    wakeOldest(actions);
  }

  private void wakeOldest(Set<String> actions) {
    Turn next = null;
    synchronized (waiting) {
      for (Iterator<java.util.Map.Entry<Turn, String>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
        var entry = it.next();
        if (actions.contains(entry.getValue())) {
          next = entry.getKey();
          it.remove();
          break;
        }
      }
    }
    EventHandler handler = getEventHandler();
    if (next != null && handler != null && isRunning()) {
      handler.handleEvent(new Event(new ResourceID(next.name(), next.namespace())));
    }
  }

  private static Turn turnOf(KubernetesExecution kex) {
    return new Turn(Objects.requireNonNullElse(kex.getMetadata().getCreationTimestamp(), ""),
        Objects.requireNonNullElse(kex.getMetadata().getNamespace(), ""), kex.getMetadata().getName());
  }

  @Override
  public Set<KubernetesExecution> getSecondaryResources(KubernetesExecution primary) {
    return Set.of();
  }
}

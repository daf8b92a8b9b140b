package io.kubernaut.k8s.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.kubernaut.ports.out.ActionRunner;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wakes the objects of a controller whose action call the action host turned away (NOT_STARTED:
 * every thread of the action's plugin busy and its queue full) as its calls end: each call that
 * ends reconciles the oldest object (by creation time, then namespace and name) waiting for an
 * action of the same plugin, so a storm's executions and dry runs get the plugin's threads in the
 * order they were made, without trying again on a timer meanwhile (the controller's wait is only a
 * backstop). An event source of the controller whose objects wait.
 *
 * <p>An object waits from the moment a call of it is turned away until it is woken or it
 * {@link #leave}s (its next reconcile). A thread freed while a call was being turned away
 * (between {@link #freedSoFar} before the call and {@link #turnedAway} after it) wakes a waiter at
 * once, so no end is missed.
 *
 * @param <P> the controller's kind
 */
public final class CapacityWaker<P extends HasMetadata> extends AbstractEventSource<P, P> {

  private static final Comparator<Turn> OLDEST_FIRST = Comparator.comparing(Turn::created)
      .thenComparing(Turn::namespace).thenComparing(Turn::name);

  /** One object turned away: its place in the queue. */
  private record Turn(String created, String namespace, String name) {}

  /** The waiting objects, oldest first, with the action each waits to call. */
  private final TreeMap<Turn, String> waiting = new TreeMap<>(OLDEST_FIRST);
  private final AtomicLong freed = new AtomicLong();

  /** @param name the event source's name, unique within its controller */
  public CapacityWaker(Class<P> kind, String name, ActionRunner runner) {
    super(kind, name);
    runner.onCapacityFreed(this::freed);
  }

  /** How many calls have ended so far: read before a call, handed to {@link #turnedAway} if it was turned away. */
  public long freedSoFar() {
    return freed.get();
  }

  /** Leaves the queue: the object is being reconciled (its call is about to be made again), or it has ended. */
  public void leave(P object) {
    synchronized (waiting) {
      waiting.remove(turnOf(object));
    }
  }

  /**
   * Queues an object whose call of {@code action} was turned away; if a call of any plugin has ended
   * since {@code freedBefore}, a thread may be free already, so the oldest waiter of that plugin is woken now.
   */
  public void turnedAway(P object, String action, long freedBefore) {
    synchronized (waiting) {
      waiting.put(turnOf(object), action);
    }
    if (freed.get() != freedBefore) {
      wakeOldest(Set.of(action));
    }
  }

  /** How many objects wait for a thread. */
  public int waiting() {
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
      for (Iterator<Map.Entry<Turn, String>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Turn, String> entry = it.next();
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

  private static Turn turnOf(HasMetadata object) {
    return new Turn(Objects.requireNonNullElse(object.getMetadata().getCreationTimestamp(), ""),
        Objects.requireNonNullElse(object.getMetadata().getNamespace(), ""), object.getMetadata().getName());
  }

  @Override
  public Set<P> getSecondaryResources(P primary) {
    return Set.of();
  }
}

package io.kubernaut.k8s.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * A JOSDK event source with no secondary resources that reconciles the primaries its owner names:
 * something in the process (an answer that came in, a place that freed) has made a primary's next
 * step possible, and no watch event will say so. One {@link #wake} is one event; JOSDK coalesces it
 * with others of the same primary that arrive while that primary is queued or reconciling.
 *
 * <p>While the source is stopped (before its controller starts, or after the replica lost its
 * leadership) a wake is dropped: the controller reconciles every primary when it starts again.
 *
 * @param <P> the controller's kind
 */
public final class PrimaryWaker<P extends HasMetadata> extends AbstractEventSource<Void, P> {

  private final Runnable onStart;
  private final Runnable onStop;

  /** A waker named {@code name} among its controller's event sources. */
  public PrimaryWaker(String name) {
    this(name, () -> { });
  }

  /**
   * A waker that runs {@code onStart} each time JOSDK starts it (the controller's start or a new term
   * as leader), before any wake of that term: the owner's memory of the term before may be stale.
   */
  public PrimaryWaker(String name, Runnable onStart) {
    this(name, onStart, () -> { });
  }

  /**
   * A waker that also runs {@code onStop} each time JOSDK stops it (the controller's stop, the end of
   * a term as leader), after which no wake is delivered: what the owner kept for the term is no
   * longer true of this replica.
   */
  public PrimaryWaker(String name, Runnable onStart, Runnable onStop) {
    super(Void.class, name);
    this.onStart = onStart;
    this.onStop = onStop;
  }

  /** Reconciles the primary {@code id} soon, if the source is running. */
  public void wake(ResourceID id) {
    EventHandler handler = getEventHandler();
    if (handler != null && isRunning()) {
      handler.handleEvent(new Event(id));
    }
  }

  @Override
  public void start() {
    onStart.run();
    super.start();
  }

  @Override
  public void stop() {
    super.stop();
    onStop.run();
  }

  @Override
  public Set<Void> getSecondaryResources(P primary) {
    return Set.of();
  }
}

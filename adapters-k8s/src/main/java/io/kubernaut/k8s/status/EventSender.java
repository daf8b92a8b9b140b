package io.kubernaut.k8s.status;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the operator's Kubernetes Events from one thread of its own, in the order they were emitted,
 * so that a reconcile never waits for the API server to answer an Event (client-go's recorder does
 * the same). Events are best-effort: at most {@link #CAPACITY} wait; one emitted while that many
 * wait is dropped, counted and logged; one emitted after {@link #close} is not sent (logged at
 * debug). Closing sends what waits, for {@link #CLOSE_WAITS} at most.
 *
 * <p>What an Event says is also in the object's status and in the audit trail, so a dropped Event
 * loses no decision; it loses one line of {@code kubectl describe}.
 */
public final class EventSender implements Executor, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventSender.class);

  /** At most this many Events wait to be sent. */
  public static final int CAPACITY = 1_000;

  /** How long {@link #close} sends the Events still waiting. */
  static final Duration CLOSE_WAITS = Duration.ofSeconds(2);

  private final ThreadPoolExecutor thread;
  private final Duration closeWaits;
  private final AtomicLong dropped = new AtomicLong();

  /** The sender's thread, unless named otherwise. */
  static final String THREAD = "kubernaut-events";

  /** A sender whose thread is named {@code name}. */
  public EventSender(String name) {
    this(name, CAPACITY, CLOSE_WAITS);
  }

  EventSender(int capacity, Duration closeWaits) {
    this(THREAD, capacity, closeWaits);
  }

  private EventSender(String name, int capacity, Duration closeWaits) {
    this.closeWaits = closeWaits;
    this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity), r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    }, (r, pool) -> refused(pool));
  }

  /** Queues {@code send}; drops it, counted, when {@link #CAPACITY} Events wait; not sent once the sender is closed. */
  @Override
  public void execute(Runnable send) {
    thread.execute(send);
  }

  private void refused(ThreadPoolExecutor pool) {
    if (pool.isShutdown()) {
      // A reconcile the stop interrupted: the operator is going away, nothing would scrape the count.
      LOG.debug("A Kubernetes Event emitted after the sender closed is not sent");
      return;
    }
    long n = dropped.incrementAndGet();
    if (n == 1 || n % 100 == 0) {
      LOG.warn("{} Kubernetes Event(s) dropped so far: {} wait to be sent already (the decisions they tell are in"
          + " the objects' status and the audit trail)", n, thread.getQueue().size());
    }
  }

  /** The Events dropped so far because {@link #CAPACITY} waited. */
  public long dropped() {
    return dropped.get();
  }

  /** Takes no more Events and sends those waiting, for {@link #CLOSE_WAITS} at most; the one being sent then is interrupted. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(closeWaits.toMillis(), TimeUnit.MILLISECONDS)) {
        int left = thread.shutdownNow().size();
        LOG.warn("{} Kubernetes Event(s) were not sent within {} ms of stopping", left, closeWaits.toMillis());
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}

package io.kubernaut.k8s.embedded;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller's work queue, as client-go's: keys are reconciled by a few workers, a key at most
 * once at a time, and the changes seen while a key waits or runs fold into one more reconcile of
 * it. A key waits {@value #FOLD_MS} ms before it runs, so that a burst of events (a rollout writes
 * several objects) costs one reconcile rather than one each.
 */
final class ReconcileQueue implements AutoCloseable {

  /** How long a key waits before it runs, gathering the events that follow. */
  static final long FOLD_MS = 50;
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileQueue.class);

  private final ScheduledThreadPoolExecutor workers;
  private final Consumer<String> reconciler;
  private final Set<String> waiting = new HashSet<>();
  private final Set<String> running = new HashSet<>();
  private final Set<String> again = new HashSet<>();

  /**
   * @param name the workers' thread name
   * @param threads how many keys are reconciled at once
   * @param reconciler reconciles one key; a runtime exception is logged and the key dropped until its next event
   */
  ReconcileQueue(String name, int threads, Consumer<String> reconciler) {
    this.reconciler = reconciler;
    this.workers = new ScheduledThreadPoolExecutor(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    workers.setRemoveOnCancelPolicy(true);
  }

  /** Reconciles the key soon, once however often it is added until it runs. */
  void add(String key) {
    addLater(key, FOLD_MS);
  }

  /** Reconciles the key after {@code delayMs}, unless it already waits. */
  void addLater(String key, long delayMs) {
    synchronized (this) {
      if (workers.isShutdown()) {
        return;
      }
      if (running.contains(key)) {
        again.add(key);
        return;
      }
      if (!waiting.add(key)) {
        return;
      }
    }
    workers.schedule(() -> run(key), delayMs, TimeUnit.MILLISECONDS);
  }

  private void run(String key) {
    synchronized (this) {
      waiting.remove(key);
      running.add(key);
    }
    try {
      reconciler.accept(key);
    } catch (RuntimeException e) {
      LOG.warn("Could not reconcile {}", key, e);
    } finally {
      boolean rerun;
      synchronized (this) {
        running.remove(key);
        rerun = again.remove(key);
      }
      if (rerun) {
        add(key);
      }
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      workers.shutdownNow();
    }
  }
}

package io.kubernaut.k8s;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's client runs its tasks (every informer's watch events, applied to its store and
 * handed to its event handlers, one at a time per informer; the rescheduled watches and relists) on
 * one thread of its own, {@value #THREAD}, instead of
 * fabric8's default, a cached pool per client. fabric8 hands each event of an informer to that pool
 * as a task of its own; with the pool's hand-over queue every event woke an idle thread and the
 * thread that ran the event before parked again: in a profile of the cluster-mode gateway
 * (2026-12-04 19:02) 11% of the operator's samples were on those threads, most of it parking and
 * waking. One thread that finds the next event queued when it ends the last one needs neither.
 *
 * <p>The handlers on it must not block: the JOSDK event sources only queue a reconcile, the dedup cache
 * and the relays only update maps. A handler that blocks holds back the events of every informer of
 * the client (and keeps every cache of it from moving), so a task that runs longer than {@link #STALL}
 * (1 s) is logged as a warning with the thread's stack, once per stall, when another thread hands
 * over the next task. The demo simulator's handlers call the API server and wait; its
 * client keeps fabric8's pool.
 */
final class InformerEventDispatcher extends ThreadPoolExecutor {

  static final String THREAD = "kubernaut-client-events";
  static final Duration STALL = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(InformerEventDispatcher.class);

  /** The builder's supplier: one such thread per client, stopped when the client closes. */
  static final KubernetesClientBuilder.ExecutorSupplier SUPPLIER = new KubernetesClientBuilder.ExecutorSupplier() {
    @Override
    public Executor get() {
      return new InformerEventDispatcher(STALL);
    }

    @Override
    public void onClose(Executor executor) {
      ((ExecutorService) executor).shutdownNow();
    }
  };

  /** When the running task started (System.nanoTime, never 0), 0 while the thread waits. */
  private volatile long runningSince;
  private volatile Thread running;
  /** The start of the stall last reported: each stall is reported once. */
  private final AtomicLong reported = new AtomicLong();
  private final Duration stall;

  /** @param stall how long a task may run before the next hand-over reports it */
  InformerEventDispatcher(Duration stall) {
    super(1, 1, IDLE.toMillis(), TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
      Thread thread = new Thread(task, THREAD);
      thread.setDaemon(true);
      return thread;
    });
    allowCoreThreadTimeOut(true); // as fabric8's pool: no thread kept while the client has nothing to run
    this.stall = stall;
  }

  /** How long the thread waits for work before it ends (a new one starts with the next task). */
  static final Duration IDLE = Duration.ofSeconds(60);

  @Override
  public void execute(Runnable task) {
    long since = runningSince;
    // The thread itself hands over a task's successor as the task ends: not a stall of anyone else's.
    if (since != 0 && since != reported.get() && System.nanoTime() - since > stall.toNanos()
        && Thread.currentThread() != running) {
      String where = where(running);
      if (runningSince == since && reported.getAndSet(since) != since) { // still the same task, not yet reported
        LOG.warn("A task of the Kubernetes client (an informer's event handler, most likely) has run for more than {}"
            + " ms; the events of every informer wait behind it. It is at: {}", stall.toMillis(), where);
      }
    }
    super.execute(task);
  }

  @Override
  protected void beforeExecute(Thread thread, Runnable task) {
    if (running != thread) {
      running = thread; // a new thread after an idle minute, or after an error ended the last one
    }
    runningSince = System.nanoTime() | 1;
  }

  @Override
  protected void afterExecute(Runnable task, Throwable failure) {
    runningSince = 0;
  }

  /** The innermost frames of what {@code thread} runs now, for the stall's warning. */
  private static String where(Thread thread) {
    if (thread == null) {
      return "(unknown)";
    }
    return java.util.Arrays.stream(thread.getStackTrace()).limit(FRAMES).map(StackTraceElement::toString)
        .collect(java.util.stream.Collectors.joining(" < "));
  }

  private static final int FRAMES = 30;
}

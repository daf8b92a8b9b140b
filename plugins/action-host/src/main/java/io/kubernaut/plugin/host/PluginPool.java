package io.kubernaut.plugin.host;

import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.action.ActionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded pool of daemon threads of one plugin (one plugin directory, or the built-ins), so
 * calls that hang in one plugin occupy only that plugin's threads. A call waits in a short queue
 * for a thread; one that finds the queue full, or gets no thread before its deadline, is never
 * started and ends NOT_STARTED naming the plugin (the caller tries again later without counting an
 * attempt). One that started and passes its deadline is interrupted and ends as TIMED_OUT, because
 * it may have taken effect.
 */
final class PluginPool {

  private static final Logger LOG = LoggerFactory.getLogger(PluginPool.class);

  private static final int WAITING = 0;
  private static final int RUNNING = 1;
  private static final int ABANDONED = 2;

  /** Calls that may wait for a thread, per thread of the pool. */
  static final int QUEUED_PER_THREAD = 4;

  private final String plugin;
  private final int threads;
  private final ThreadPoolExecutor executor;
  /**
   * The calls the pool holds, running or queued, abandoned ones included until a thread has taken them: counted on
   * submission and again once a thread is done with them. The executor's own active count is no measure of that:
   * it counts a thread just started as idle for a moment, between its creation and its first call.
   */
  private final AtomicInteger held = new AtomicInteger();

  /**
   * @param plugin how messages name the plugin, e.g. {@code plugin acme} or {@code the built-in actions}
   * @param threadPrefix the prefix of the pool's thread names
   * @param threads the most calls of this plugin that run at once
   */
  PluginPool(String plugin, String threadPrefix, int threads) {
    this.plugin = plugin;
    this.threads = threads;
    this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(threads * QUEUED_PER_THREAD), daemonThreads(threadPrefix)) {
      @Override
      protected void afterExecute(Runnable task, Throwable thrown) {
        held.decrementAndGet(); // also for a call cancelled in the queue: its thread takes it and runs nothing
      }
    };
    this.executor.allowCoreThreadTimeOut(true);
  }

  /** Runs {@code call} on one of this plugin's threads and waits for it until {@code deadline}. */
  ActionOutcome call(String what, Instant deadline, Callable<ActionOutcome> call) {
    AtomicInteger state = new AtomicInteger(WAITING);
    Future<ActionOutcome> future;
    held.incrementAndGet();
    boolean submitted = false;
    try {
      future = executor.submit(() -> state.compareAndSet(WAITING, RUNNING) ? call.call() : null);
      submitted = true;
    } catch (RejectedExecutionException e) {
      LOG.warn("The {} was not started: all {} threads of {} are busy and its queue is full", what, threads, plugin);
      return ActionOutcome.of(ActionStatus.NOT_STARTED, "The " + what + " was not started: all " + threads
          + " threads of " + plugin + " are busy and its queue is full.");
    } finally {
      if (!submitted) {
        held.decrementAndGet(); // turned away, or no thread could be made: no thread will be done with it
      }
    }
    long waitMillis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
    try {
      return future.get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      if (state.compareAndSet(WAITING, ABANDONED)) {
        future.cancel(false);
        LOG.warn("The {} got no thread of {} by its deadline {}; it was not started", what, plugin, deadline);
        return ActionOutcome.of(ActionStatus.NOT_STARTED, "The " + what + " got no thread of " + plugin
            + " before its deadline " + deadline + ": all " + threads + " threads are busy, possibly with hung calls. "
            + "It was not started.");
      }
      future.cancel(true);
      LOG.warn("The {} did not finish by its deadline {}; interrupted it", what, deadline);
      return ActionOutcome.of(ActionStatus.TIMED_OUT, "The " + what + " did not finish by its deadline " + deadline
          + " and was interrupted; it may still have taken effect, so verify before retrying.");
    } catch (ExecutionException e) {
      return PluginActionRunner.failure(what, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      return ActionOutcome.of(ActionStatus.FAILED_RETRYABLE,
          "The operator was interrupted while waiting for the " + what + "; verify before retrying.");
    }
  }

  /** The most calls a pool of {@code threads} threads holds at once, running or queued; any more is turned away. */
  static int mostCalls(int threads) {
    return threads * (1 + QUEUED_PER_THREAD);
  }

  /** Whether a call now would find a thread or a place in the queue (a hint: it may be taken meanwhile). */
  boolean hasRoom() {
    return held.get() < mostCalls(threads);
  }

  /** How many calls wait for a thread now. */
  int queued() {
    return executor.getQueue().size();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + counter.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

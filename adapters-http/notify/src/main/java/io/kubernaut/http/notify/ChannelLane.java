package io.kubernaut.http.notify;

import io.kubernaut.ports.failure.CircuitBreaker;
import io.kubernaut.ports.notification.DeliveryAttempt;
import io.kubernaut.ports.notification.DeliveryResult;
import io.kubernaut.ports.notification.RenderedMessage;
import io.kubernaut.ports.out.DeliveryRecorder;
import io.kubernaut.ports.out.NotificationChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's delivery lane: its own queue and worker thread, its circuit breaker, and retries
 * scheduled (never slept) on a shared scheduler. A slow or failing channel therefore only ever
 * delays its own messages.
 *
 * <p>A task is held by its channel from the moment it is offered until it is delivered or given
 * up: while queued, while waiting for a retry, and while waiting for an open breaker. At most
 * {@code queueCapacity} tasks are held per channel; offering never blocks, and a task offered
 * beyond that is dropped and recorded as failed. An open breaker does not spend a task's
 * attempts: the task waits, its next attempt unspent, until the breaker lets trials through
 * again, so {@code maxAttempts} counts only attempts that reached the channel.
 *
 * <p>A lane closed by a config reload hands the tasks that come back to it (retries and tasks
 * waiting for the breaker) to its successor, the new lane of the same channel id, if there is one.
 */
final class ChannelLane implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelLane.class);

  /**
   * Added to the breaker's remaining open time: the scheduler ticks in whole milliseconds of
   * {@code nanoTime} and the breaker reads the clock, so a task woken exactly on time could find
   * the breaker still open and be refused again.
   */
  private static final Duration PAST_THE_DEADLINE = Duration.ofMillis(10);

  /** One message to deliver on this lane, and which attempt comes next. */
  record Task(String deliveryId, RenderedMessage message, int attempt) {
    Task next() {
      return new Task(deliveryId, message, attempt + 1);
    }
  }

  /** What every lane shares. */
  record Shared(ScheduledExecutorService scheduler, DeliveryRecorder recorder, NotificationMetrics metrics,
      Clock clock, DoubleSupplier random) {}

  private final String receiver;
  private final String id;
  private final NotificationChannel channel;
  private final CircuitBreaker breaker;
  private final AtomicInteger held;
  private final DeliveryPolicy policy;
  private final Shared shared;
  private final ThreadPoolExecutor worker;
  private volatile ChannelLane successor;

  /**
   * A lane for one channel.
   *
   * @param breaker the channel's breaker, kept across reloads
   * @param held the number of tasks the channel holds, kept across reloads with the breaker
   */
  ChannelLane(String receiver, ReceiverConfig.NamedChannel named, CircuitBreaker breaker, AtomicInteger held,
      DeliveryPolicy policy, Shared shared) {
    this.receiver = receiver;
    this.id = named.id();
    this.channel = named.channel();
    this.breaker = breaker;
    this.held = held;
    this.policy = policy;
    this.shared = shared;
    // Unbounded on purpose: the held count bounds what can be queued.
    this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "notify-" + id);
      t.setDaemon(true);
      return t;
    });
  }

  String id() {
    return id;
  }

  /**
   * Takes a new task without blocking; a channel already holding {@code queueCapacity} tasks drops it.
   *
   * @return whether it was taken
   */
  boolean offer(Task task) {
    if (held.incrementAndGet() > policy.queueCapacity()) {
      held.decrementAndGet();
      drop(task, "The channel already holds " + policy.queueCapacity()
          + " messages (queued, or waiting for a retry or for its circuit breaker); this one was dropped.");
      return false;
    }
    enqueue(task);
    return true;
  }

  /** Puts a held task on the worker's queue, or on the successor's once a reload has closed this lane. */
  private void enqueue(Task task) {
    ChannelLane next = successor;
    if (next != null && worker.isShutdown()) {
      next.enqueue(task);
      return;
    }
    try {
      worker.execute(() -> attempt(task));
    } catch (RejectedExecutionException e) {
      next = successor;
      if (next != null) {
        next.enqueue(task);
      } else {
        held.decrementAndGet();
        drop(task, "The channel was removed by a config reload before this attempt.");
      }
    }
  }

  /** One attempt through the breaker: classified, recorded, and retried later if transient. */
  private void attempt(Task task) {
    if (!breaker.allowsAttempt()) {
      waitForBreaker(task);
      return;
    }
    DeliveryResult result = deliver(task.message());
    if (result.delivered()) {
      breaker.recordSuccess();
    } else if (result.retryable()) {
      breaker.recordFailure();
    }
    boolean retry = result.retryable() && task.attempt() < policy.maxAttempts();
    shared.metrics().attempt(id, channel.kind(), result);
    record(task, result, !retry);
    if (retry) {
      later(task.next(), policy.pauseAfter(task.attempt(), shared.random().getAsDouble(),
          result.retryAfter().orElse(null)));
      return;
    }
    held.decrementAndGet();
    if (!result.delivered()) {
      shared.metrics().failure(id, channel.kind(), result.retryable() ? "exhausted" : "permanent");
      LOG.warn("Gave up notification {} for {} on {} after {} attempt(s): {}", task.message().type(),
          task.message().trackingId(), id, task.attempt(), result.detail());
    }
  }

  /** The breaker is open: the task comes back, its attempt unspent, when the breaker lets a trial through. */
  private void waitForBreaker(Task task) {
    shared.metrics().refused(id, channel.kind());
    Duration wait = breaker.remainingOpen().plus(PAST_THE_DEADLINE);
    LOG.debug("Notification {} waits {} ms on {} for the circuit breaker", task.message().trackingId(), wait.toMillis(),
        id);
    later(task, wait);
  }

  private DeliveryResult deliver(RenderedMessage message) {
    try {
      return channel.deliver(message);
    } catch (RuntimeException e) {
      LOG.error("Channel {} failed unexpectedly; the message is given up", id, e);
      return DeliveryResult.permanentFailure("The channel failed unexpectedly (" + e.getClass().getSimpleName() + ").");
    }
  }

  private void later(Task task, Duration pause) {
    try {
      shared.scheduler().schedule(() -> enqueue(task), pause.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      held.decrementAndGet();
      drop(task, "Shutting down; the retry was not scheduled.");
    }
  }

  private void drop(Task task, String why) {
    DeliveryResult result = DeliveryResult.permanentFailure(why);
    shared.metrics().failure(id, channel.kind(), "dropped");
    record(task, result, true);
    LOG.warn("Dropped notification {} for {} on {}: {}", task.message().type(), task.message().trackingId(), id, why);
  }

  private void record(Task task, DeliveryResult result, boolean finalAttempt) {
    try {
      shared.recorder().record(new DeliveryAttempt(task.deliveryId(), task.message(), receiver, id, task.attempt(),
          result, finalAttempt, shared.clock().instant()));
    } catch (RuntimeException e) {
      LOG.warn("The delivery recorder failed for {} on {}: {}", task.message().trackingId(), id, e.toString());
    }
  }

  /** Stops taking tasks; queued ones still run, and tasks coming back later go to {@code next} when it is given. */
  void closeInto(ChannelLane next) {
    successor = next;
    worker.shutdown();
  }

  /** Stops taking tasks; queued ones still run. */
  @Override
  public void close() {
    worker.shutdown();
  }
}

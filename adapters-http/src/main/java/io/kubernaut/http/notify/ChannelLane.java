package io.kubernaut.http.notify;

import io.kubernaut.ports.notification.DeliveryAttempt;
import io.kubernaut.ports.notification.DeliveryResult;
import io.kubernaut.ports.notification.RenderedMessage;
import io.kubernaut.ports.out.DeliveryRecorder;
import io.kubernaut.ports.out.NotificationChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's delivery lane: its own bounded queue and worker thread, its circuit breaker, and
 * retries scheduled (never slept) on a shared scheduler. A slow or failing channel therefore only
 * ever delays its own messages. Offering never blocks: a full queue drops the task and records
 * the failure.
 */
final class ChannelLane implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelLane.class);

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
  private final DeliveryPolicy policy;
  private final Shared shared;
  private final Backoff backoff;
  private final ThreadPoolExecutor worker;

  ChannelLane(String receiver, ReceiverConfig.NamedChannel named, CircuitBreaker breaker, DeliveryPolicy policy,
      Shared shared) {
    this.receiver = receiver;
    this.id = named.id();
    this.channel = named.channel();
    this.breaker = breaker;
    this.policy = policy;
    this.shared = shared;
    this.backoff = new Backoff(policy.initialBackoff(), policy.maxBackoff(), shared.random());
    this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(policy.queueCapacity()),
        r -> {
          Thread t = new Thread(r, "notify-" + id);
          t.setDaemon(true);
          return t;
        });
  }

  String id() {
    return id;
  }

  /** Queues a task without blocking; a full queue or a closed lane gives the task up. */
  void offer(Task task) {
    try {
      worker.execute(() -> attempt(task));
    } catch (RejectedExecutionException e) {
      giveUp(task, DeliveryResult.permanentFailure(worker.isShutdown()
          ? "The channel was removed by a config reload before this attempt."
          : "The channel's queue is full (" + policy.queueCapacity() + " waiting); the message was dropped."), "dropped");
    }
  }

  /** One attempt: through the breaker, classified, recorded, and retried later if transient. */
  private void attempt(Task task) {
    boolean allowed = breaker.allowsAttempt();
    DeliveryResult result = allowed ? deliver(task.message())
        : DeliveryResult.transientFailure("The circuit breaker is open after repeated failures; not sent.",
            breaker.remainingOpen());
    if (allowed && result.delivered()) {
      breaker.recordSuccess();
    } else if (allowed && result.retryable()) {
      breaker.recordFailure();
    }
    boolean retry = result.retryable() && task.attempt() < policy.maxAttempts();
    shared.metrics().attempt(id, channel.kind(), result, !allowed);
    record(task, result, !retry);
    if (retry) {
      scheduleRetry(task, result);
    } else if (!result.delivered()) {
      shared.metrics().failure(id, channel.kind(), result.retryable() ? "exhausted" : "permanent");
      LOG.warn("Gave up notification {} for {} on {} after {} attempt(s): {}", task.message().type(),
          task.message().trackingId(), id, task.attempt(), result.detail());
    }
  }

  private DeliveryResult deliver(RenderedMessage message) {
    try {
      return channel.deliver(message);
    } catch (RuntimeException e) {
      LOG.error("Channel {} failed unexpectedly; the message is given up", id, e);
      return DeliveryResult.permanentFailure("The channel failed unexpectedly (" + e.getClass().getSimpleName() + ").");
    }
  }

  private void scheduleRetry(Task task, DeliveryResult result) {
    Duration pause = backoff.after(task.attempt(), result.retryAfter().orElse(null));
    try {
      shared.scheduler().schedule(() -> offer(task.next()), pause.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      giveUp(task.next(), DeliveryResult.permanentFailure("Shutting down; the retry was not scheduled."), "dropped");
    }
  }

  private void giveUp(Task task, DeliveryResult result, String reason) {
    shared.metrics().failure(id, channel.kind(), reason);
    record(task, result, true);
    LOG.warn("Dropped notification {} for {} on {}: {}", task.message().type(), task.message().trackingId(), id,
        result.detail());
  }

  private void record(Task task, DeliveryResult result, boolean finalAttempt) {
    try {
      shared.recorder().record(new DeliveryAttempt(task.deliveryId(), task.message(), receiver, id, task.attempt(),
          result, finalAttempt, shared.clock().instant()));
    } catch (RuntimeException e) {
      LOG.warn("The delivery recorder failed for {} on {}: {}", task.message().trackingId(), id, e.toString());
    }
  }

  /** Stops taking tasks; queued ones still run. */
  @Override
  public void close() {
    worker.shutdown();
  }
}

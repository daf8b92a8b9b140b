package io.kubernaut.http.notify;

import io.kubernaut.ports.failure.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.kubernaut.ports.notification.DeliveryResult;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The notification meters: attempts and final failures per channel, the breaker state per channel
 * (0 closed, 1 half-open, 2 open), the breaker's refusals, the messages each channel holds
 * (queued, or waiting for a retry or for the breaker), duplicates suppressed and tasks dropped
 * beyond the queue capacity. Attempts count only what reached the channel; a refusal by the
 * breaker is not an attempt.
 */
final class NotificationMetrics {

  static final String ATTEMPTS = "kubernaut_notification_delivery_attempts_total";
  static final String FAILURES = "kubernaut_notification_delivery_failures_total";
  static final String BREAKER = "kubernaut_notification_circuit_breaker_state";
  static final String DUPLICATES = "kubernaut_notification_duplicates_total";
  static final String REFUSALS = "kubernaut_notification_circuit_breaker_refusals_total";
  static final String PENDING = "kubernaut_notification_deliveries_pending";

  private final MeterRegistry registry;

  NotificationMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void attempt(String channel, String kind, DeliveryResult result) {
    String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
    registry.counter(ATTEMPTS, "channel", channel, "kind", kind, "outcome", outcome).increment();
  }

  /** A task the open breaker sent back to wait; it keeps its attempt. */
  void refused(String channel, String kind) {
    registry.counter(REFUSALS, "channel", channel, "kind", kind).increment();
  }

  /** A message given up on this channel: {@code permanent}, {@code exhausted} or {@code dropped}. */
  void failure(String channel, String kind, String reason) {
    registry.counter(FAILURES, "channel", channel, "kind", kind, "reason", reason).increment();
  }

  void duplicate() {
    registry.counter(DUPLICATES).increment();
  }

  /** Registers the breaker's state gauge; the breaker must stay strongly referenced by the caller. */
  void watch(String channel, String kind, CircuitBreaker breaker) {
    Gauge.builder(BREAKER, breaker, b -> b.state().ordinal())
        .tags("channel", channel, "kind", kind)
        .description("0 closed, 1 half-open, 2 open")
        .register(registry);
  }

  /** Registers the gauge of messages a channel holds; the count must stay strongly referenced by the caller. */
  void watchHeld(String channel, String kind, AtomicInteger held) {
    Gauge.builder(PENDING, held, AtomicInteger::get)
        .tags("channel", channel, "kind", kind)
        .description("Messages held for the channel: queued, or waiting for a retry or for the circuit breaker")
        .register(registry);
  }
}

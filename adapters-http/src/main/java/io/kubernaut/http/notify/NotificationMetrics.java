package io.kubernaut.http.notify;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.kubernaut.ports.notification.DeliveryResult;
import java.util.Locale;

/**
 * The notification meters: attempts and final failures per channel, the breaker state per channel
 * (0 closed, 1 half-open, 2 open), duplicates suppressed and tasks dropped on a full queue.
 */
final class NotificationMetrics {

  static final String ATTEMPTS = "kubernaut_notification_delivery_attempts_total";
  static final String FAILURES = "kubernaut_notification_delivery_failures_total";
  static final String BREAKER = "kubernaut_notification_circuit_breaker_state";
  static final String DUPLICATES = "kubernaut_notification_duplicates_total";

  private final MeterRegistry registry;

  NotificationMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void attempt(String channel, String kind, DeliveryResult result, boolean refusedByBreaker) {
    String outcome = refusedByBreaker ? "circuit_open" : result.outcome().name().toLowerCase(Locale.ROOT);
    registry.counter(ATTEMPTS, "channel", channel, "kind", kind, "outcome", outcome).increment();
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
}

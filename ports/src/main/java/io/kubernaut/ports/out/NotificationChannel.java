package io.kubernaut.ports.out;

import io.kubernaut.ports.notification.DeliveryResult;
import io.kubernaut.ports.notification.RenderedMessage;

/**
 * Driven port: one configured destination of notifications (a Slack webhook, a Teams webhook,
 * a PagerDuty routing key, an SMTP server, a generic webhook, the log). Implementations make one
 * attempt per call, bounded by a timeout, and classify failures instead of throwing; retries,
 * backoff and the circuit breaker are the caller's.
 */
public interface NotificationChannel {

  /** The channel kind for metrics and logs: {@code slack}, {@code teams}, {@code pagerduty}, {@code email}, {@code webhook}, {@code log}. */
  String kind();

  /** One delivery attempt of an already redacted message. */
  DeliveryResult deliver(RenderedMessage message);
}

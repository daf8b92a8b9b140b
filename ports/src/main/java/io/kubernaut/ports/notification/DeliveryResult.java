package io.kubernaut.ports.notification;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one delivery attempt on one channel did. Channels never throw for delivery faults; they
 * classify them: a transient failure (HTTP 429, 5xx, timeouts, unreachable) is retried with
 * backoff, a permanent one (any other 4xx, a rejected address) is not.
 *
 * @param outcome delivered, or which family of failure
 * @param detail a short sentence for logs and the audit trail; never a secret
 * @param retryAfter the server's requested pause before the next try, if it sent one
 */
public record DeliveryResult(Outcome outcome, String detail, Optional<Duration> retryAfter) {

  /** The families of delivery results. */
  public enum Outcome {
    DELIVERED,
    TRANSIENT_FAILURE,
    PERMANENT_FAILURE
  }

  public DeliveryResult {
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? "" : detail;
    retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
  }

  public static DeliveryResult delivered(String detail) {
    return new DeliveryResult(Outcome.DELIVERED, detail, Optional.empty());
  }

  public static DeliveryResult transientFailure(String detail) {
    return new DeliveryResult(Outcome.TRANSIENT_FAILURE, detail, Optional.empty());
  }

  public static DeliveryResult transientFailure(String detail, Duration retryAfter) {
    return new DeliveryResult(Outcome.TRANSIENT_FAILURE, detail, Optional.ofNullable(retryAfter));
  }

  public static DeliveryResult permanentFailure(String detail) {
    return new DeliveryResult(Outcome.PERMANENT_FAILURE, detail, Optional.empty());
  }

  public boolean delivered() {
    return outcome == Outcome.DELIVERED;
  }

  public boolean retryable() {
    return outcome == Outcome.TRANSIENT_FAILURE;
  }
}

package io.kubernaut.ports.failure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A circuit breaker, one per endpoint an adapter calls (a notification channel, the metrics source,
 * Alertmanager). Closed, it counts consecutive transient failures and opens at
 * the threshold. Open, it refuses every attempt until {@code openFor} has passed, then goes
 * half-open and lets attempts through as trials: {@code closeAfter} successes close it, one
 * failure opens it again. Time comes from an injected clock, so tests need not sleep.
 *
 * <p>Hand-written rather than a library: the state machine is the few lines below and fully
 * tested, and a dependency (failsafe, resilience4j) would bring its own schedulers and metrics for
 * no gain here. It lives in {@code ports} (JDK only, like {@link Backoff}) so that adapters, which may
 * not depend on each other, share one rule rather than copies.
 */
public final class CircuitBreaker {

  /** Breaker states; the ordinal is the value of the state gauge (0 closed, 1 half-open, 2 open). */
  public enum State { CLOSED, HALF_OPEN, OPEN }

  private final int failureThreshold;
  private final Duration openFor;
  private final int closeAfter;
  private final Clock clock;
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private int trialSuccesses;
  private Instant openedAt = Instant.EPOCH;

  public CircuitBreaker(int failureThreshold, Duration openFor, int closeAfter, Clock clock) {
    this.failureThreshold = failureThreshold;
    this.openFor = openFor;
    this.closeAfter = closeAfter;
    this.clock = clock;
  }

  /** Whether an attempt may be made now; moves an expired open breaker to half-open. */
  public synchronized boolean allowsAttempt() {
    if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
      state = State.HALF_OPEN;
      trialSuccesses = 0;
    }
    return state != State.OPEN;
  }

  public synchronized void recordSuccess() {
    consecutiveFailures = 0;
    if (state == State.HALF_OPEN && ++trialSuccesses >= closeAfter) {
      state = State.CLOSED;
    }
  }

  /** A transient failure: the channel looks unhealthy. */
  public synchronized void recordFailure() {
    consecutiveFailures++;
    if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
      state = State.OPEN;
      openedAt = clock.instant();
      consecutiveFailures = 0;
    }
  }

  /** How long an open breaker still refuses; zero otherwise. */
  public synchronized Duration remainingOpen() {
    if (state != State.OPEN) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), openedAt.plus(openFor));
    return left.isNegative() ? Duration.ZERO : left;
  }

  public synchronized State state() {
    return state;
  }
}

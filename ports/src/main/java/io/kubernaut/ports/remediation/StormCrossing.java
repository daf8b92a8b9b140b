package io.kubernaut.ports.remediation;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A storm threshold that a remediation has just crossed.
 *
 * @param threshold which rule was crossed
 * @param count the duplicates that crossed it: the total for {@link StormThreshold#COUNT}, those
 *     within the window for {@link StormThreshold#RATE}
 * @param limit the configured threshold that was reached
 * @param window the window of a {@link StormThreshold#RATE} rule; {@link Duration#ZERO} for COUNT
 * @param at when the crossing duplicate arrived
 */
public record StormCrossing(StormThreshold threshold, long count, long limit, Duration window, Instant at) {
  public StormCrossing {
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(at, "at");
    window = window == null ? Duration.ZERO : window;
  }
}

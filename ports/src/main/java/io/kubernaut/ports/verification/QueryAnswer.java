package io.kubernaut.ports.verification;

import java.util.List;
import java.util.Objects;

/**
 * The answer of the metrics source to one instant query.
 *
 * @param availability whether the source answered, and if not why
 * @param samples the series answered (empty when none matched or the source did not answer)
 * @param reason a sentence saying why there is no answer; empty when answered
 */
public record QueryAnswer(Availability availability, List<Sample> samples, String reason) {

  /** Whether an answer came back. */
  public enum Availability {
    /** The source evaluated the query; {@code samples} may be empty. */
    ANSWERED,
    /** The source is not configured, not reachable, too slow, or its breaker is open. */
    UNREACHABLE,
    /** The source answered an error or a body that could not be read. */
    FAILED
  }

  public QueryAnswer {
    Objects.requireNonNull(availability, "availability");
    samples = List.copyOf(Objects.requireNonNull(samples, "samples"));
    Objects.requireNonNull(reason, "reason");
  }

  public static QueryAnswer answered(List<Sample> samples) {
    return new QueryAnswer(Availability.ANSWERED, samples, "");
  }

  public static QueryAnswer unreachable(String reason) {
    return new QueryAnswer(Availability.UNREACHABLE, List.of(), reason);
  }

  public static QueryAnswer failed(String reason) {
    return new QueryAnswer(Availability.FAILED, List.of(), reason);
  }

  public boolean answered() {
    return availability == Availability.ANSWERED;
  }
}

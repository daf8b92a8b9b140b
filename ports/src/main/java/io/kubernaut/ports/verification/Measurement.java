package io.kubernaut.ports.verification;

import java.time.Instant;
import java.util.Objects;

/**
 * One measurement of a verification check, as recorded in the WorkflowExecution's status and the
 * audit trail.
 *
 * @param check the check's name
 * @param at when it was measured
 * @param result passed, failed, or no usable data
 * @param value the value that decided (the first failing sample, else the first); null when none
 * @param detail a sentence: what was compared, or why there is no data
 */
public record Measurement(String check, Instant at, Result result, Double value, String detail) {

  /** What one measurement says. */
  public enum Result {
    /** The success condition held. */
    PASSED,
    /** The success condition did not hold. */
    FAILED,
    /** The source was unreachable, failed, or answered nothing where a number was needed. */
    MISSING
  }

  public Measurement {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(detail, "detail");
  }
}

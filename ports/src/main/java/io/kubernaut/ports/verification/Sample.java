package io.kubernaut.ports.verification;

import java.util.Map;
import java.util.Objects;

/**
 * One series of an instant query's answer.
 *
 * @param labels the series' labels
 * @param value its value at the evaluation time (may be NaN or infinite, as the metrics source answers)
 */
public record Sample(Map<String, String> labels, double value) {

  public Sample {
    labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
  }
}

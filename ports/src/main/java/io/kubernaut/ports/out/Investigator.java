package io.kubernaut.ports.out;

import io.kubernaut.ports.analysis.Investigation;
import io.kubernaut.ports.analysis.InvestigationRequest;

/**
 * Driven port: one link of the investigator chain ({@code rules}, {@code holmesgpt}, {@code llm}).
 * Its answer is untrusted: the chain validates every recommendation against the action catalog.
 *
 * <p>Throws {@link io.kubernaut.ports.failure.RetryableException} on timeouts, 429 and 5xx, and
 * {@link io.kubernaut.ports.failure.PermanentException} on answers that cannot be parsed; the
 * chain falls through to the next investigator either way.
 */
public interface Investigator {

  /** The name used in {@code KUBERNAUT_INVESTIGATORS} and in status. */
  String name();

  /** Whether the request leaves the process; the chain redacts secrets from it first when it does. */
  default boolean external() {
    return true;
  }

  /** Investigates one alert. */
  Investigation investigate(InvestigationRequest request);
}

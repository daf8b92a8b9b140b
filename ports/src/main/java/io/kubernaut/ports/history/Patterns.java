package io.kubernaut.ports.history;

import java.util.List;

/**
 * What keeps going wrong.
 *
 * @param recurring fingerprints with at least the asked number of remediations, most first
 * @param ineffective actions whose success rate is below the asked threshold, worst first
 */
public record Patterns(List<RecurringFingerprint> recurring, List<ActionEffectiveness> ineffective) {
  public Patterns {
    recurring = List.copyOf(recurring);
    ineffective = List.copyOf(ineffective);
  }
}

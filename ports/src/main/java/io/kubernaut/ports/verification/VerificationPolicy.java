package io.kubernaut.ports.verification;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code verification.yaml}: the checks per alert name, and whether the operator's shipped checks
 * per alert family (crash loops, OOM kills, CPU throttling, volumes filling up) apply to alerts
 * that have none of their own.
 *
 * @param byAlert the checks per alert name; an alert listed with no checks has none
 * @param shippedDefaults whether the shipped family checks apply to alerts not listed
 */
public record VerificationPolicy(Map<String, List<VerificationCheck>> byAlert, boolean shippedDefaults) {

  public VerificationPolicy {
    Objects.requireNonNull(byAlert, "byAlert");
    byAlert = Map.copyOf(byAlert.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue()))));
  }

  /** No verification.yaml: no checks of its own, the shipped family checks apply. */
  public static VerificationPolicy defaults() {
    return new VerificationPolicy(Map.of(), true);
  }
}

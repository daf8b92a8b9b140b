package io.kubernaut.ports.verification;

import java.time.Instant;
import java.util.Objects;

/**
 * A silence Kubernaut keeps.
 *
 * @param id the silence's id where it lives
 * @param remediation the AlertRemediation it was created for
 * @param endsAt when it ends
 * @param active whether it still silences (neither expired nor ended)
 */
public record Silence(String id, String remediation, Instant endsAt, boolean active) {

  public Silence {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(remediation, "remediation");
    Objects.requireNonNull(endsAt, "endsAt");
  }
}

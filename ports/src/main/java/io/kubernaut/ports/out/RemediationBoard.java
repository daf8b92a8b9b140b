package io.kubernaut.ports.out;

import io.kubernaut.ports.board.RemediationDossier;
import io.kubernaut.ports.board.RemediationRow;
import java.util.List;
import java.util.Optional;

/**
 * Driven port: reads remediations for people (the console and the read API). It never writes.
 *
 * <p>Every method throws {@link io.kubernaut.ports.failure.RetryableException} when the store
 * cannot be reached.
 */
public interface RemediationBoard {

  /** Every remediation that exists now, newest first. */
  List<RemediationRow> list();

  /** One remediation with all its resources, or empty when it does not exist (any more). */
  Optional<RemediationDossier> dossier(String name);
}

package io.kubernaut.ports.out;

import io.kubernaut.ports.signal.Fingerprint;
import java.util.List;
import java.util.Optional;

/**
 * Driven port: the names remediations of a fingerprint were given before, as the audit trail
 * remembers them after retention has deleted their AlertRemediations. A new remediation is never
 * given one of them: its audit records are keyed by its name, so a reused name would have them
 * dropped as replays of the old one's.
 *
 * <p>Asked on the gateway's path for every new remediation, so it answers quickly or not at all: an
 * empty list when the trail cannot be read now (not configured, or down), never a wait on it.
 */
@FunctionalInterface
public interface RemediationNames {

  /**
   * The names used for {@code fingerprint}, in no order (an empty list when none); empty when the trail cannot
   * tell now (down, or its schema not migrated yet): the caller then gives a name no earlier remediation can have had.
   */
  Optional<List<String>> usedFor(Fingerprint fingerprint);

  /** Knows no name and no name is kept: an operator without an audit trail. */
  static RemediationNames none() {
    return fingerprint -> Optional.of(List.of());
  }
}

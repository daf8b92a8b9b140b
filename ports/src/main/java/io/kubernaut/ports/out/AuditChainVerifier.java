package io.kubernaut.ports.out;

import io.kubernaut.ports.audit.ChainVerdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Driven port: checks the tamper evidence of the audit trail. Each stored record carries an HMAC
 * chained to the previous record of the same remediation; a verifier recomputes the chain with
 * the same key.
 *
 * <p>Every method throws {@link io.kubernaut.ports.failure.RetryableException} when the store
 * cannot be reached.
 */
public interface AuditChainVerifier {

  /** Whether records are chained at all: false when no audit key is configured. */
  boolean chaining();

  /** The verdict on one remediation's chain, or empty when the store has no record of it. */
  Optional<ChainVerdict> verify(String remediationId);

  /**
   * The verdicts on the whole chains of the remediations that have records in {@code [since, until)},
   * at most {@code limit} of them, in remediation-id order.
   */
  List<ChainVerdict> verify(Instant since, Instant until, int limit);
}

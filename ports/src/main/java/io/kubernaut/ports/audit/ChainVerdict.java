package io.kubernaut.ports.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether one remediation's audit chain holds: every chained record's HMAC recomputed from its
 * stored content and its predecessor's hash matches, the sequence has no gap, no record was
 * added outside the chain after it began, and none was cut off its end.
 *
 * @param remediationId the AlertRemediation name
 * @param chainedRecords records carrying a chain hash
 * @param unchainedRecords records written before the chain existed (or without a key), not covered
 * @param firstBreak the first record where the chain does not hold; empty when it holds
 */
public record ChainVerdict(String remediationId, long chainedRecords, long unchainedRecords,
    Optional<ChainBreak> firstBreak) {

  public ChainVerdict {
    Objects.requireNonNull(remediationId, "remediationId");
    Objects.requireNonNull(firstBreak, "firstBreak");
  }

  /** True when no break was found. */
  public boolean intact() {
    return firstBreak.isEmpty();
  }

  /**
   * The first record where a chain does not hold.
   *
   * @param recordId the store's id of the record (for {@link Reason#TRUNCATED}, of the last one left)
   * @param sequence its position in the chain (1 is the first); 0 for an unchained record
   * @param idempotencyKey its idempotency key
   * @param reason what is wrong
   * @param detail a sentence saying what was found and what it means
   */
  public record ChainBreak(long recordId, long sequence, String idempotencyKey, Reason reason, String detail) {}

  /** How a chain is broken. */
  public enum Reason {
    /** The record's content or hash was changed after it was written. */
    HASH_MISMATCH,
    /** The record before this one in the sequence is missing: it was deleted. */
    MISSING_RECORD,
    /**
     * A record without a chain hash appeared after the chain began (or, for a remediation with no chained record,
     * after chaining began in the trail): it was inserted outside the writer, or stripped of its chain.
     */
    UNCHAINED_RECORD,
    /** The chain head names later records than the table holds: the end was deleted. */
    TRUNCATED,
    /**
     * The chain's head was deleted while chained records remain, names another last record, or (for a chain whose
     * last record seals its head) does not match its MAC: rewritten, as it would be to hide a deleted end.
     */
    HEAD_MISMATCH
  }
}

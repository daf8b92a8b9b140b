package io.kubernaut.ports.pipeline;

import java.time.Instant;
import java.util.Optional;

/**
 * A human's answer to an approval request.
 *
 * @param approved whether it was approved (else rejected)
 * @param decidedBy who decided, where it can be known
 * @param decidedAt when
 * @param channel how: {@link #API} (the approval API, user authenticated) or {@link #KUBECTL} (an
 *     annotation written to the resource directly)
 * @param reason why, in the decider's words; empty when none was given
 */
public record ApprovalDecision(boolean approved, String decidedBy, Instant decidedAt, String channel, String reason) {

  public ApprovalDecision {
    reason = reason == null ? "" : reason;
  }

  /** A decision without a reason. */
  public ApprovalDecision(boolean approved, String decidedBy, Instant decidedAt, String channel) {
    this(approved, decidedBy, decidedAt, channel, "");
  }

  /** The approval API, which records the authenticated user. */
  public static final String API = "api";
  /** An annotation written to the AlertRemediation directly. */
  public static final String KUBECTL = "kubectl";

  /** A decision annotated directly on the resource. */
  public ApprovalDecision(boolean approved, String decidedBy, Instant decidedAt) {
    this(approved, decidedBy, decidedAt, KUBECTL);
  }

  /** The value that records a decision in an annotation and in status: {@code approved} or {@code rejected}. */
  public static String wireValue(boolean approved) {
    return approved ? "approved" : "rejected";
  }

  /**
   * Reads an annotation value as a decision: {@code approved} or {@code rejected} in any case; empty
   * for anything else, which is no decision (the controller ignores it and a later decision replaces it).
   */
  public static Optional<Boolean> readWire(String value) {
    if ("approved".equalsIgnoreCase(value)) {
      return Optional.of(true);
    }
    return "rejected".equalsIgnoreCase(value) ? Optional.of(false) : Optional.empty();
  }
}

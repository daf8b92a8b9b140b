package io.kubernaut.ports.pipeline;

import java.time.Instant;

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
}

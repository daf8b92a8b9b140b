package io.kubernaut.ports.pipeline;

import java.time.Instant;

/**
 * A human's answer to an approval request.
 *
 * @param approved whether it was approved (else rejected)
 * @param decidedBy who decided, where it can be known
 * @param decidedAt when
 */
public record ApprovalDecision(boolean approved, String decidedBy, Instant decidedAt) {}

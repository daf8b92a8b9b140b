package io.kubernaut.ports.analysis;

/**
 * What happened to an approval request sent through the API.
 *
 * @param outcome recorded, or why not
 * @param phase the remediation's phase when it was read (null when not found)
 */
public record ApprovalAnswer(Outcome outcome, String phase) {

  /** Whether the decision was recorded. */
  public enum Outcome { RECORDED, NOT_FOUND, NOT_AWAITING_APPROVAL }
}

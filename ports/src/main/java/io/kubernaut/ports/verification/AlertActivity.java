package io.kubernaut.ports.verification;

import java.util.Objects;

/**
 * Whether an alert is still active where the alerts live (Alertmanager), silenced or not.
 *
 * @param state active, no longer listed, or not known
 * @param reason a sentence: what was asked and, when unknown, why
 */
public record AlertActivity(State state, String reason) {

  /** The alert's state. */
  public enum State {
    /** Listed as active (firing), silenced or not. */
    ACTIVE,
    /** No longer listed among the active alerts. */
    INACTIVE,
    /** The source is not configured, unreachable or answered something unreadable. */
    UNKNOWN
  }

  public AlertActivity {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
  }
}

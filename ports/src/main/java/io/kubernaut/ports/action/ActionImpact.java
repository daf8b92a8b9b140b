package io.kubernaut.ports.action;

import java.util.Objects;
import java.util.Set;

/**
 * What an action does to running things, as the safety envelope needs it: its disruption class
 * and the effects its rules look at. Comes from the action catalog, so a third-party action is
 * judged exactly like a built-in one.
 *
 * @param disruption what running things the action can interrupt
 * @param effects the effects that safety rules look at
 */
public record ActionImpact(DisruptionClass disruption, Set<ActionEffect> effects) {

  public ActionImpact {
    Objects.requireNonNull(disruption, "disruption");
    effects = Set.copyOf(effects == null ? Set.of() : effects);
  }

  /**
   * The impact assumed for an action the catalog does not know (for example a plugin removed
   * since an execution ran): the class {@link DisruptionClass#assumedFor assumed} for the target's
   * kind, and no effects.
   */
  public static ActionImpact assumedFor(String targetKind) {
    return new ActionImpact(DisruptionClass.assumedFor(Set.of(targetKind)), Set.of());
  }

  /**
   * The impact of the action's rollback, as the disruption budget counts it: node-class when the action declares
   * {@link ActionEffect#ROLLBACK_DISRUPTS_NODE} (its rollback cordons or taints a node again), else the action's own.
   */
  public ActionImpact ofRollback() {
    return has(ActionEffect.ROLLBACK_DISRUPTS_NODE) ? new ActionImpact(DisruptionClass.NODE, effects) : this;
  }

  /** {@link #ofRollback()} for a rollback, this impact for a step. */
  public ActionImpact ofRollbackIf(boolean rollback) {
    return rollback ? ofRollback() : this;
  }

  /** Whether the action declares this effect. */
  public boolean has(ActionEffect effect) {
    return effects.contains(effect);
  }
}

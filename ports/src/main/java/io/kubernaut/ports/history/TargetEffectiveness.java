package io.kubernaut.ports.history;

import io.kubernaut.ports.signal.TargetRef;

/**
 * The success rate of one action on one target object.
 *
 * @param target the object the action acted on
 * @param actionType the action
 * @param rate its success rate
 */
public record TargetEffectiveness(TargetRef target, String actionType, SuccessRate rate) {}

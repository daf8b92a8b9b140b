package io.kubernaut.ports.history;

/**
 * The success rate of one action against one kind of target for one alert.
 *
 * @param alertName the alert that triggered the remediations
 * @param actionType the action, e.g. {@code restart-pod}
 * @param targetKind the kind the action acted on
 * @param rate its success rate
 */
public record ActionEffectiveness(String alertName, String actionType, String targetKind, SuccessRate rate) {}

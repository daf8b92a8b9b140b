package io.kubernaut.ports.analysis;

/**
 * A proposed action that validation removed.
 *
 * @param investigator who proposed it
 * @param action the proposed action name
 * @param target the proposed target, displayed
 * @param rule the validation rule it broke
 * @param reason why it was dropped, as a sentence
 */
public record DroppedAction(String investigator, String action, String target, DropRule rule, String reason) {}

/**
 * Boundary records of the safety envelope: its configuration ({@link
 * io.kubernaut.ports.safety.SafetyPolicy}, {@link io.kubernaut.ports.safety.SafetyLimits}), what is
 * checked ({@link io.kubernaut.ports.safety.SafetyRequest}, built from the executions that exist)
 * and the answer ({@link io.kubernaut.ports.safety.SafetyVerdict}).
 */
package io.kubernaut.ports.safety;

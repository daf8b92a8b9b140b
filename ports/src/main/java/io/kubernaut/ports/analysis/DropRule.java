package io.kubernaut.ports.analysis;

/** The validation rule that removed a proposed action, so every drop names what it broke. */
public enum DropRule {
  /** The action is not in the action catalog. */
  UNKNOWN_ACTION,
  /** The action does not accept the target's kind. */
  TARGET_KIND,
  /** The parameters do not match the action's schema. */
  INVALID_PARAMETERS,
  /**
   * The target is neither the alert's target, an object of its owner chain, its pods, HPA or
   * mounted claims, nor (for node actions) the node the alert names or the node hosting its pod.
   */
  OUT_OF_SCOPE,
  /** The target is a node labelled control-plane (or master): never touched. */
  CONTROL_PLANE_NODE,
  /** An action on a node whose labels were not gathered, so it may be control-plane (until 2026-12-06 node-disruptive actions only). */
  UNKNOWN_NODE,
  /** The step id is used twice. */
  DUPLICATE_STEP,
  /** The step depends on a step that is unknown or was dropped. */
  BROKEN_DEPENDENCY,
  /** The confidence is not between 0 and 1. */
  CONFIDENCE_RANGE,
  /**
   * The step id cannot name a step's KubernetesExecution: empty, longer than 63 characters, ending
   * in {@code rollback} (the names of rollbacks), or the same as a kept step's once written as a name.
   */
  INVALID_STEP_ID,
  /** Beyond the most actions an answer may propose; dropped unread. */
  TOO_MANY_RECOMMENDATIONS,
  /**
   * Its parameters would take the answer's kept actions past the most parameter text an answer may
   * carry in all (the AIAnalysis status and the WorkflowExecution spec hold every kept action's
   * parameters, and the API server stores an object of about 1.5 MiB at most).
   */
  ANSWER_TOO_LARGE,
  /**
   * The answer gave a target that names no object (text that is not {@code kind/namespace/name} or
   * {@code kind/name}, an object without a name, a list, a number): never read as the alert's target,
   * which only a target left out stands for.
   */
  INVALID_TARGET
}

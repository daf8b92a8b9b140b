package io.kubernaut.ports.execution;

import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.action.Verification;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.safety.SafetyVerdict;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What the KubernetesExecution controller observed of one execution, plus the answer of the call
 * it made in this reconcile, if any. The conductor decides from this alone.
 *
 * @param name the execution's name
 * @param action the catalog action
 * @param target the target as a human reads it, e.g. {@code Deployment shop-prod/checkout}
 * @param mode execute, dry run or rollback
 * @param phase the current phase; null before the first reconcile
 * @param attempts attempts marked so far (the start mark is written before each call)
 * @param maxAttempts how many attempts the step may make
 * @param actionStartedAt the start mark of the latest attempt; null when no attempt was made
 * @param deadline when the step must have ended
 * @param owner what was found of the WorkflowExecution that should own it
 * @param protectedTarget whether the target's namespace is protected now (the operator's own, or listed in safety.yaml)
 * @param targetNamespaceLabels the labels of the target's namespace now, for the managed scope; null for a
 *     cluster-scoped target
 * @param killSwitch whether the global kill switch is on now
 * @param budget the disruption budget's verdict on this execution now (the adapter checks it before
 *     an attempt); null when not checked, as for dry runs and for rollbacks that give capacity back (a rollback
 *     whose action declares {@code ROLLBACK_DISRUPTS_NODE} is checked as a node-class action)
 * @param now the decision time
 * @param outcome the answer of the execute, dry-run or rollback call made in this reconcile; null if none
 * @param verification the answer of the verification made in this reconcile; null if none
 */
public record ExecutionSnapshot(String name, String action, String target, ExecutionMode mode, ExecutionPhase phase,
    int attempts, int maxAttempts, Instant actionStartedAt, Instant deadline, ExecutionOwner owner, boolean protectedTarget,
    Map<String, String> targetNamespaceLabels, boolean killSwitch, SafetyVerdict budget, Instant now, ActionOutcome outcome, Verification verification) {

  public ExecutionSnapshot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(now, "now");
    owner = owner == null ? ExecutionOwner.none() : owner;
    targetNamespaceLabels = targetNamespaceLabels == null ? null : Map.copyOf(targetNamespaceLabels);
    maxAttempts = Math.max(1, maxAttempts);
  }

  /** This snapshot with the answer of a call; any earlier verification is dropped. */
  public ExecutionSnapshot withOutcome(ActionOutcome answer) {
    return new ExecutionSnapshot(name, action, target, mode, phase, attempts, maxAttempts, actionStartedAt, deadline,
        owner, protectedTarget, targetNamespaceLabels, killSwitch, budget, now, answer, null);
  }

  /** This snapshot with the answer of a verification; any earlier call answer is dropped. */
  public ExecutionSnapshot withVerification(Verification answer) {
    return new ExecutionSnapshot(name, action, target, mode, phase, attempts, maxAttempts, actionStartedAt, deadline,
        owner, protectedTarget, targetNamespaceLabels, killSwitch, budget, now, null, answer);
  }

  /** The action and its target, as messages name them. */
  public String describe() {
    return (mode == ExecutionMode.ROLLBACK ? "the rollback of " : "") + action + " on " + target;
  }
}

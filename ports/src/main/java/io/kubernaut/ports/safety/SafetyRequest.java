package io.kubernaut.ports.safety;

import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step to check against the safety envelope.
 *
 * @param remediation the AlertRemediation asking; its own executions never lock it out
 * @param fingerprint its fingerprint
 * @param environment the environment wire name, which selects the limits
 * @param action the catalog action
 * @param impact what the action declares about its disruption and effects, from the catalog;
 *     the envelope decides by it, never by the action's name
 * @param target what it would act on
 * @param parameters the step's parameters
 * @param currentReplicas the target's replicas now, when it is a scalable workload; null otherwise
 * @param observed what the target has now that the resource bounds compare against:
 *     {@code memoryLimit} and {@code cpuLimit} of the container an action would change,
 *     {@code storage} of a claim; absent when unknown
 * @param executions the executions that exist (running and recent), including steps of this
 *     workflow already admitted and those admitted elsewhere but not yet created
 * @param nodes the cluster's nodes as read for this check, which the disruption budget counts
 * @param policy the configured envelope
 * @param killSwitch whether the global kill switch is on
 * @param now the decision time
 */
public record SafetyRequest(String remediation, String fingerprint, String environment, String action,
    ActionImpact impact, TargetRef target, Map<String, String> parameters, Integer currentReplicas,
    Map<String, String> observed, List<ExecutionRecord> executions, List<NodeState> nodes, SafetyPolicy policy, boolean killSwitch, Instant now) {

  /** A request for a target with nothing observed for the resource bounds. */
  public SafetyRequest(String remediation, String fingerprint, String environment, String action, ActionImpact impact,
      TargetRef target, Map<String, String> parameters, Integer currentReplicas, List<ExecutionRecord> executions,
      List<NodeState> nodes, SafetyPolicy policy, boolean killSwitch, Instant now) {
    this(remediation, fingerprint, environment, action, impact, target, parameters, currentReplicas, Map.of(), executions,
        nodes, policy, killSwitch, now);
  }

  public SafetyRequest {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(impact, "impact");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(now, "now");
    remediation = remediation == null ? "" : remediation;
    fingerprint = fingerprint == null ? "" : fingerprint;
    parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    observed = Map.copyOf(observed == null ? Map.of() : observed);
    executions = List.copyOf(executions == null ? List.of() : executions);
    nodes = List.copyOf(nodes == null ? List.of() : nodes);
  }
}

package io.kubernaut.core.safety;

import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.safety.DisruptionBudget;
import io.kubernaut.ports.safety.ExecutionRecord;
import io.kubernaut.ports.safety.NodeState;
import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The cluster-wide disruption budget and the per-environment node blast radius. Counts what the
 * request carries: the cluster's nodes as read now and Kubernaut's executions (running, ended
 * within the retention or kept after their remediation's deletion, and admitted but not yet created). Every denial names its rule.
 */
final class BudgetKeeper {

  static final Duration HOUR = Duration.ofHours(1);

  static final List<Function<SafetyRequest, Optional<SafetyVerdict>>> RULES = List.of(BudgetKeeper::blastRadius,
      BudgetKeeper::nodesUnavailable, BudgetKeeper::minHealthyNodes, BudgetKeeper::actionsPerHour,
      BudgetKeeper::actionsPerHourOfClass, BudgetKeeper::remediationsPerNamespace);

  private BudgetKeeper() {}

  /** The first denial of the budget's rules, if any. */
  static Optional<SafetyVerdict> check(SafetyRequest r) {
    for (var rule : RULES) {
      Optional<SafetyVerdict> denial = rule.apply(r);
      if (denial.isPresent()) {
        return denial;
      }
    }
    return Optional.empty();
  }

  /** Node-class actions running at once, this one included, stay within the environment's {@code maxNodesDisrupted}. */
  static Optional<SafetyVerdict> blastRadius(SafetyRequest r) {
    if (!node(r)) {
      return Optional.empty();
    }
    Set<String> nodes = activeNodeTargets(r);
    nodes.add(r.target().name());
    int max = SafetyEnvelope.limits(r).maxNodesDisrupted();
    return SafetyEnvelope.deny(nodes.size() > max, ConditionReason.BlastRadius, r.action() + " on "
        + r.target().display() + " would disrupt " + nodes.size() + " nodes at once " + nodes + ", more than the limit of "
        + max + " for " + r.environment() + "; wait for the other node actions to finish.");
  }

  /**
   * Nodes unschedulable or tainted by Kubernaut, this one included: the targets of running node
   * actions, and those of finished ones whose node is still cordoned or tainted.
   */
  static Optional<SafetyVerdict> nodesUnavailable(SafetyRequest r) {
    if (!node(r)) {
      return Optional.empty();
    }
    Map<String, NodeState> byName = r.nodes().stream().collect(Collectors.toMap(NodeState::name, n -> n, (a, b) -> a));
    if (!byName.containsKey(r.target().name())) {
      return SafetyEnvelope.deny(true, ConditionReason.DisruptionBudget, r.action() + " on " + r.target().display()
          + " is denied by the disruption budget: the node is not among the " + byName.size()
          + " nodes read from the cluster, so its effect cannot be counted.");
    }
    Set<String> unavailable = activeNodeTargets(r);
    // Every ended node action whose node is still cordoned or tainted, a failed one too: a drain that cordoned its node
    // and then failed on a PodDisruptionBudget leaves it cordoned (a failed step is not rolled back).
    r.executions().stream()
        .filter(e -> e.state() != ExecutionRecord.State.ACTIVE && e.impact().disruption() == DisruptionClass.NODE)
        .filter(e -> byName.containsKey(e.target().name()) && byName.get(e.target().name()).disrupted())
        .forEach(e -> unavailable.add(e.target().name()));
    unavailable.add(r.target().name());
    DisruptionBudget budget = r.policy().budget();
    int max = budget.maxNodesUnavailable().atMost(byName.size());
    return SafetyEnvelope.deny(unavailable.size() > max, ConditionReason.DisruptionBudget, r.action() + " on "
        + r.target().display() + " is denied by the disruption budget: it would leave " + unavailable.size()
        + " nodes " + unavailable + " unschedulable or tainted by Kubernaut, more than maxNodesUnavailable "
        + budget.maxNodesUnavailable() + " of " + byName.size() + " nodes (" + max
        + "); uncordon or untaint one first, or raise the budget in safety.yaml.");
  }

  /** Nodes that stay Ready, schedulable and untainted once this and the running node actions take theirs. */
  static Optional<SafetyVerdict> minHealthyNodes(SafetyRequest r) {
    if (!node(r)) {
      return Optional.empty();
    }
    Set<String> taken = activeNodeTargets(r);
    taken.add(r.target().name());
    long healthyAfter = r.nodes().stream().filter(NodeState::healthy).filter(n -> !taken.contains(n.name())).count();
    int total = r.nodes().size();
    DisruptionBudget budget = r.policy().budget();
    int min = budget.minHealthyNodes().atLeast(total);
    return SafetyEnvelope.deny(healthyAfter < min, ConditionReason.DisruptionBudget, r.action() + " on "
        + r.target().display() + " is denied by the disruption budget: it would leave " + healthyAfter
        + " healthy nodes of " + total + ", fewer than minHealthyNodes " + budget.minHealthyNodes() + " (" + min
        + "); restore capacity first.");
  }

  /** Executions started within the hour, this one included, stay within {@code maxActionsPerHour}. */
  static Optional<SafetyVerdict> actionsPerHour(SafetyRequest r) {
    int max = r.policy().budget().maxActionsPerHour();
    if (max == 0) {
      return Optional.empty();
    }
    List<ExecutionRecord> within = startedWithinHour(r);
    long count = within.size() + 1L;
    return count <= max ? Optional.empty() : Optional.of(SafetyVerdict.deny(ConditionReason.DisruptionBudget, r.action()
        + " on " + r.target().display() + " is denied by the disruption budget: it would be action " + count
        + " within the hour, more than maxActionsPerHour " + max + "; the oldest of them leaves the window at "
        + oldest(within, r) + ".", oldest(within, r)));
  }

  /** The same per disruption class, for the classes listed in {@code maxActionsPerHourByClass}. */
  static Optional<SafetyVerdict> actionsPerHourOfClass(SafetyRequest r) {
    DisruptionClass disruption = r.impact().disruption();
    Integer max = r.policy().budget().maxActionsPerHourByClass().get(disruption);
    if (max == null || max == 0) {
      return Optional.empty();
    }
    List<ExecutionRecord> within = startedWithinHour(r).stream().filter(e -> e.impact().disruption() == disruption).toList();
    long count = within.size() + 1L;
    String name = disruption.name().toLowerCase(java.util.Locale.ROOT);
    return count <= max ? Optional.empty() : Optional.of(SafetyVerdict.deny(ConditionReason.DisruptionBudget, r.action()
        + " on " + r.target().display() + " is denied by the disruption budget: it would be " + name + "-class action "
        + count + " within the hour, more than maxActionsPerHourByClass." + name + " " + max + "; the oldest of them leaves"
        + " the window at " + oldest(within, r) + ".", oldest(within, r)));
  }

  /** Other remediations acting in the target's namespace, plus this one, stay within the per-namespace limit. */
  static Optional<SafetyVerdict> remediationsPerNamespace(SafetyRequest r) {
    int max = r.policy().budget().maxConcurrentRemediationsPerNamespace();
    String namespace = r.target().namespace();
    if (max == 0 || namespace.isEmpty()) {
      return Optional.empty();
    }
    Set<String> acting = new TreeSet<>();
    r.executions().stream()
        .filter(e -> e.mayBeRunning(r.now()) && namespace.equals(e.target().namespace()))
        .map(ExecutionRecord::remediation)
        .filter(name -> !name.equals(r.remediation()))
        .forEach(acting::add);
    return SafetyEnvelope.deny(acting.size() + 1 > max, ConditionReason.DisruptionBudget, r.action() + " on "
        + r.target().display() + " is denied by the disruption budget: " + acting.size() + " other remediations "
        + acting + " are acting in namespace " + namespace + ", and maxConcurrentRemediationsPerNamespace is " + max
        + "; it can run once one of them ends.");
  }

  private static boolean node(SafetyRequest r) {
    return r.impact().disruption() == DisruptionClass.NODE;
  }

  private static Set<String> activeNodeTargets(SafetyRequest r) {
    return r.executions().stream()
        .filter(e -> e.mayBeRunning(r.now()) && e.impact().disruption() == DisruptionClass.NODE)
        .map(e -> e.target().name())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<ExecutionRecord> startedWithinHour(SafetyRequest r) {
    Instant since = r.now().minus(HOUR);
    return r.executions().stream().filter(e -> e.startedAt().isAfter(since)).toList();
  }

  /** When the oldest of {@code within} leaves the hour's window, freeing a slot. */
  private static Instant oldest(List<ExecutionRecord> within, SafetyRequest r) {
    return within.stream().map(ExecutionRecord::startedAt).min(Instant::compareTo).orElse(r.now()).plus(HOUR);
  }
}

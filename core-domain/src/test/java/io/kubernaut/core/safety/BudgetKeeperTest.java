package io.kubernaut.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.safety.DisruptionBudget;
import io.kubernaut.ports.safety.ExecutionRecord;
import io.kubernaut.ports.safety.ExecutionRecord.State;
import io.kubernaut.ports.safety.NodeShare;
import io.kubernaut.ports.safety.NodeState;
import io.kubernaut.ports.safety.SafetyLimits;
import io.kubernaut.ports.safety.SafetyPolicy;
import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BudgetKeeperTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final ActionImpact NODE = new ActionImpact(DisruptionClass.NODE, Set.of());
  private static final ActionImpact WORKLOAD = new ActionImpact(DisruptionClass.WORKLOAD, Set.of());
  private static final SafetyLimits ROOMY = new SafetyLimits(50, 3.0, 10, Duration.ofMinutes(5), 3, Duration.ofHours(1),
      Duration.ofHours(2), 3, Duration.ofMinutes(5), 3);
  private final SafetyEnvelope envelope = new SafetyEnvelope("kubernaut-system");

  private static List<NodeState> healthy(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> new NodeState("worker-" + i, true, false, false)).toList();
  }

  private static TargetRef node(int i) {
    return new TargetRef("Node", "", "worker-" + i);
  }

  private static SafetyPolicy policy(DisruptionBudget budget) {
    return new SafetyPolicy(ROOMY, Map.of(), SafetyPolicy.DEFAULT_PROTECTED, budget);
  }

  private static SafetyRequest request(String remediation, ActionImpact impact, TargetRef target,
      List<ExecutionRecord> executions, List<NodeState> nodes, DisruptionBudget budget) {
    return new SafetyRequest(remediation, "f".repeat(64), "production", impact == NODE ? "cordon_node" : "rollout_restart",
        impact, target, Map.of(), null, executions, nodes, policy(budget), false, NOW);
  }

  private static ExecutionRecord execution(String remediation, ActionImpact impact, TargetRef target, State state,
      int minutesAgo) {
    Instant started = NOW.minus(Duration.ofMinutes(minutesAgo));
    return new ExecutionRecord("kex-" + remediation + "-" + target.name(), remediation, "e".repeat(64), "x", impact,
        target, Map.of(), Map.of(), state, started, state == State.ACTIVE ? null : started.plusSeconds(20));
  }

  private static DisruptionBudget budget(String maxUnavailable, String minHealthy, int perHour,
      Map<DisruptionClass, Integer> byClass, int perNamespace) {
    return new DisruptionBudget(NodeShare.parse(maxUnavailable), NodeShare.parse(minHealthy), perHour, byClass,
        perNamespace);
  }

  @Test
  void aNodeKubernautCordonedEarlierStillCountsWhileItStaysCordoned() {
    List<NodeState> nodes = new ArrayList<>(healthy(5));
    nodes.set(1, new NodeState("worker-2", true, true, false));
    ExecutionRecord cordonedEarlier = execution("ar-old", NODE, node(2), State.SUCCEEDED, 30);
    DisruptionBudget one = budget("1", "0", 0, Map.of(), 0);

    SafetyVerdict v = envelope.check(request("ar-new", NODE, node(1), List.of(cordonedEarlier), nodes, one));

    assertThat(v.allowed()).isFalse();
    assertThat(v.reason()).isEqualTo(ConditionReason.DisruptionBudget);
    assertThat(v.message()).contains("2 nodes [worker-1, worker-2]").contains("maxNodesUnavailable 1");
  }

  @Test
  void aDrainInterruptedByItsRemediationsDeletionCountsWhileItsNodeStaysCordoned() {
    List<NodeState> nodes = new ArrayList<>(healthy(5));
    nodes.set(1, new NodeState("worker-2", true, true, false));
    ExecutionRecord interrupted = execution("ar-old (deleted)", NODE, node(2), State.INTERRUPTED, 30);

    SafetyVerdict v = envelope.check(request("ar-new", NODE, node(1), List.of(interrupted), nodes,
        budget("1", "0", 0, Map.of(), 0)));

    assertThat(v.reason()).isEqualTo(ConditionReason.DisruptionBudget);
  }

  /**
   * A node action that failed after cordoning its node (a drain a PodDisruptionBudget stopped) counts while the node
   * stays cordoned: a failed step is not rolled back. Before, only succeeded and interrupted ones counted, and a second
   * node could be cordoned past the budget.
   */
  @Test
  void aFailedNodeActionWhoseNodeStaysCordonedCountsToo() {
    List<NodeState> nodes = new ArrayList<>(healthy(10));
    nodes.set(1, new NodeState("worker-2", true, true, false));
    ExecutionRecord failedDrain = execution("ar-old", NODE, node(2), State.FAILED, 30);

    SafetyVerdict v = envelope.check(request("ar-new", NODE, node(3), List.of(failedDrain), nodes,
        budget("1", "51%", 0, Map.of(), 0)));

    assertThat(v.allowed()).isFalse();
    assertThat(v.reason()).isEqualTo(ConditionReason.DisruptionBudget);
    assertThat(v.message()).contains("worker-2").contains("maxNodesUnavailable 1");
  }

  @Test
  void aNodeUncordonedByHandSinceNoLongerCounts() {
    ExecutionRecord cordonedEarlier = execution("ar-old", NODE, node(2), State.SUCCEEDED, 30);

    SafetyVerdict v = envelope.check(request("ar-new", NODE, node(1), List.of(cordonedEarlier), healthy(5),
        budget("1", "0", 0, Map.of(), 0)));

    assertThat(v.allowed()).isTrue();
  }

  @Test
  void aPercentageOfNodesRoundsDownForTheUnavailableAndUpForTheHealthy() {
    assertThat(NodeShare.parse("25%").atMost(7)).isEqualTo(1);
    assertThat(NodeShare.parse("51%").atLeast(3)).isEqualTo(2);
    SafetyVerdict tenPercentOfFive = envelope.check(request("ar-new", NODE, node(1), List.of(), healthy(5),
        budget("10%", "0", 0, Map.of(), 0)));
    assertThat(tenPercentOfFive.allowed()).as("10% of 5 nodes rounds down to none").isFalse();
    assertThat(tenPercentOfFive.message()).contains("maxNodesUnavailable 10% of 5 nodes (0)");
  }

  @Test
  void aNodeActionMustLeaveTheMinimumOfHealthyNodes() {
    List<NodeState> nodes = new ArrayList<>(healthy(3));
    nodes.set(2, new NodeState("worker-3", false, false, false));

    SafetyVerdict v = envelope.check(request("ar-new", NODE, node(1), List.of(), nodes, budget("3", "51%", 0, Map.of(), 0)));

    assertThat(v.reason()).isEqualTo(ConditionReason.DisruptionBudget);
    assertThat(v.message()).contains("1 healthy nodes of 3").contains("minHealthyNodes 51% (2)");
  }

  @Test
  void aNodeTheClusterDoesNotListIsRefusedRatherThanCountedAsHarmless() {
    SafetyVerdict v = envelope.check(request("ar-new", NODE, node(9), List.of(), healthy(3), budget("3", "0", 0, Map.of(), 0)));

    assertThat(v.reason()).isEqualTo(ConditionReason.DisruptionBudget);
    assertThat(v.message()).contains("not among the 3 nodes read from the cluster");
  }

  @Test
  void actionsWithinTheHourAreCountedWhetherRunningOrEnded() {
    TargetRef api = new TargetRef("Deployment", "shop", "api");
    List<ExecutionRecord> lastHour = List.of(
        execution("ar-1", WORKLOAD, new TargetRef("Deployment", "a", "x"), State.SUCCEEDED, 50),
        execution("ar-2", WORKLOAD, new TargetRef("Deployment", "b", "y"), State.FAILED, 10),
        execution("ar-3", WORKLOAD, new TargetRef("Deployment", "c", "z"), State.ACTIVE, 1),
        execution("ar-4", WORKLOAD, new TargetRef("Deployment", "d", "w"), State.SUCCEEDED, 61));

    SafetyVerdict three = envelope.check(request("ar-new", WORKLOAD, api, lastHour, healthy(3), budget("1", "0", 3, Map.of(), 0)));
    SafetyVerdict four = envelope.check(request("ar-new", WORKLOAD, api, lastHour, healthy(3), budget("1", "0", 4, Map.of(), 0)));

    assertThat(three.allowed()).isFalse();
    assertThat(three.message()).contains("action 4 within the hour").contains("maxActionsPerHour 3");
    assertThat(three.until()).as("a slot frees when the oldest leaves the hour")
        .isEqualTo(NOW.minus(Duration.ofMinutes(50)).plus(Duration.ofHours(1)));
    assertThat(four.allowed()).as("the execution started 61 minutes ago is outside the window").isTrue();
  }

  @Test
  void aClassLimitCountsOnlyThatClass() {
    List<ExecutionRecord> lastHour = List.of(
        execution("ar-1", NODE, node(2), State.FAILED, 20),
        execution("ar-2", WORKLOAD, new TargetRef("Deployment", "a", "x"), State.SUCCEEDED, 5));
    DisruptionBudget oneNodeActionAnHour = budget("3", "0", 0, Map.of(DisruptionClass.NODE, 1), 0);

    SafetyVerdict node = envelope.check(request("ar-new", NODE, node(1), lastHour, healthy(3), oneNodeActionAnHour));
    SafetyVerdict workload = envelope.check(request("ar-new", WORKLOAD, new TargetRef("Deployment", "b", "y"), lastHour,
        healthy(3), oneNodeActionAnHour));

    assertThat(node.reason()).isEqualTo(ConditionReason.DisruptionBudget);
    assertThat(node.message()).contains("node-class action 2 within the hour").contains("maxActionsPerHourByClass.node 1");
    assertThat(workload.allowed()).isTrue();
  }

  @Test
  void remediationsActingInOneNamespaceAreCappedButItsOwnStepsDoNotCount() {
    TargetRef web = new TargetRef("Deployment", "shop", "web");
    List<ExecutionRecord> acting = List.of(
        execution("ar-1", WORKLOAD, new TargetRef("Deployment", "shop", "a"), State.ACTIVE, 1),
        execution("ar-new", WORKLOAD, new TargetRef("Deployment", "shop", "b"), State.ACTIVE, 1),
        execution("ar-2", WORKLOAD, new TargetRef("Deployment", "shop", "c"), State.SUCCEEDED, 3),
        execution("ar-3", WORKLOAD, new TargetRef("Deployment", "other", "d"), State.ACTIVE, 1));

    SafetyVerdict two = envelope.check(request("ar-new", WORKLOAD, web, acting, healthy(3), budget("1", "0", 0, Map.of(), 2)));
    SafetyVerdict one = envelope.check(request("ar-new", WORKLOAD, web, acting, healthy(3), budget("1", "0", 0, Map.of(), 1)));

    assertThat(two.allowed()).isTrue();
    assertThat(one.reason()).isEqualTo(ConditionReason.DisruptionBudget);
    assertThat(one.message()).contains("1 other remediations [ar-1] are acting in namespace shop");
    assertThat(one.until()).as("no one knows when they end").isNull();
  }

  @Test
  void theBudgetAloneIgnoresTheRulesAdmissionAlreadyApplied() {
    TargetRef api = new TargetRef("Deployment", "shop", "api");
    ExecutionRecord sameTargetElsewhere = execution("ar-1", WORKLOAD, api, State.ACTIVE, 1);
    SafetyRequest r = request("ar-new", WORKLOAD, api, List.of(sameTargetElsewhere), healthy(3),
        budget("1", "0", 0, Map.of(), 0));

    assertThat(envelope.check(r).reason()).isEqualTo(ConditionReason.TargetBusy);
    assertThat(envelope.checkBudget(r).allowed()).isTrue();
    assertThat(envelope.checkBudget(request("ar-new", WORKLOAD, api, List.of(sameTargetElsewhere), healthy(3),
        budget("1", "0", 1, Map.of(), 0))).reason()).isEqualTo(ConditionReason.DisruptionBudget);
  }

  @Test
  void badNodeSharesAreRefusedNamingTheText() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> NodeShare.parse("lots"))
        .hasMessageContaining("\"lots\" is neither a node count");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> NodeShare.parse("150%"))
        .hasMessageContaining("at most 100%");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> NodeShare.parse("-1"))
        .hasMessageContaining("neither a node count");
  }
}

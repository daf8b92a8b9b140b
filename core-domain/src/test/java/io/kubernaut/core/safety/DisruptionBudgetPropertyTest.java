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
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated clusters, histories, budgets and requests (every disruption class, nodes
 * and workloads across namespaces): the envelope's budget admits a request exactly when an
 * independent count says every budget rule has room, and each denial names its rule.
 */
class DisruptionBudgetPropertyTest {

  private static final long SEED = 1515L;
  private static final int ROUNDS = 5000;
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final List<String> NAMESPACES = List.of("shop", "pay", "web");
  private final Random random = new Random(SEED);
  private final SafetyEnvelope envelope = new SafetyEnvelope("kubernaut-system");

  @Test
  void theBudgetAdmitsExactlyWhatAnIndependentCountAllowsAndEveryDenialNamesItsRule() {
    int admitted = 0;
    Map<String, Integer> deniedBy = new java.util.TreeMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      List<NodeState> nodes = nodes();
      List<ExecutionRecord> history = history(nodes);
      DisruptionBudget budget = budget();
      int maxNodesDisrupted = random.nextInt(4);
      SafetyLimits limits = new SafetyLimits(50, 3, maxNodesDisrupted, Duration.ofMinutes(5), 3, Duration.ofHours(1),
          Duration.ofHours(2), 3, Duration.ofMinutes(5), 3);
      DisruptionClass disruption = DisruptionClass.values()[random.nextInt(4)];
      TargetRef target = disruption == DisruptionClass.NODE
          ? new TargetRef("Node", "", "node-" + random.nextInt(nodes.size() + 1))
          : new TargetRef("Deployment", pick(NAMESPACES), "app-" + random.nextInt(5));
      String remediation = "ar-" + random.nextInt(6);
      SafetyRequest r = new SafetyRequest(remediation, "f".repeat(64), "production", "act", new ActionImpact(disruption,
          Set.of()), target, Map.of(), null, history, nodes, new SafetyPolicy(limits, Map.of(),
          SafetyPolicy.DEFAULT_PROTECTED, budget), false, NOW);

      String expectedRule = oracle(r, maxNodesDisrupted);
      SafetyVerdict v = envelope.checkBudget(r);

      assertThat(v.allowed()).as("round %d: %s, expected %s", round, v.message(), expectedRule).isEqualTo(expectedRule == null);
      if (expectedRule == null) {
        admitted++;
      } else {
        assertThat(v.reason()).isIn(ConditionReason.DisruptionBudget, ConditionReason.BlastRadius);
        assertThat(v.message()).as("round %d", round).contains(expectedRule);
        deniedBy.merge(expectedRule, 1, Integer::sum);
      }
    }
    assertThat(admitted).as("the generator also makes requests that fit").isGreaterThan(ROUNDS / 10);
    assertThat(deniedBy).as("every rule, and the unknown node, is exercised").hasSize(7);
  }

  /** The first budget rule the request breaks, as the text its denial must contain; null when all have room. */
  private static String oracle(SafetyRequest r, int maxNodesDisrupted) {
    boolean node = r.impact().disruption() == DisruptionClass.NODE;
    Set<String> running = new HashSet<>();
    for (ExecutionRecord e : r.executions()) {
      if (stillRunning(e) && e.impact().disruption() == DisruptionClass.NODE) {
        running.add(e.target().name());
      }
    }
    if (node) {
      Set<String> atOnce = new HashSet<>(running);
      atOnce.add(r.target().name());
      if (atOnce.size() > maxNodesDisrupted) {
        return "nodes at once";
      }
      boolean known = r.nodes().stream().anyMatch(n -> n.name().equals(r.target().name()));
      if (!known) {
        return "not among the";
      }
      Set<String> down = new HashSet<>(atOnce);
      for (ExecutionRecord e : r.executions()) {
        if (e.state() != State.ACTIVE && e.impact().disruption() == DisruptionClass.NODE
            && r.nodes().stream()
            .anyMatch(n -> n.name().equals(e.target().name()) && (n.unschedulable() || n.tainted()))) {
          down.add(e.target().name());
        }
      }
      int total = r.nodes().size();
      NodeShare max = r.policy().budget().maxNodesUnavailable();
      int allowedDown = max.percent() ? total * max.value() / 100 : max.value();
      if (down.size() > allowedDown) {
        return "maxNodesUnavailable";
      }
      long healthy = r.nodes().stream().filter(n -> n.ready() && !n.unschedulable() && !n.tainted())
          .filter(n -> !atOnce.contains(n.name())).count();
      NodeShare min = r.policy().budget().minHealthyNodes();
      int needed = min.percent() ? (total * min.value() + 99) / 100 : min.value();
      if (healthy < needed) {
        return "minHealthyNodes";
      }
    }
    long lastHour = r.executions().stream().filter(e -> e.startedAt().isAfter(NOW.minusSeconds(3600))).count();
    int perHour = r.policy().budget().maxActionsPerHour();
    if (perHour > 0 && lastHour + 1 > perHour) {
      return "maxActionsPerHour ";
    }
    Integer perClass = r.policy().budget().maxActionsPerHourByClass().get(r.impact().disruption());
    long sameClass = r.executions().stream().filter(e -> e.startedAt().isAfter(NOW.minusSeconds(3600)))
        .filter(e -> e.impact().disruption() == r.impact().disruption()).count();
    if (perClass != null && perClass > 0 && sameClass + 1 > perClass) {
      return "maxActionsPerHourByClass";
    }
    int perNamespace = r.policy().budget().maxConcurrentRemediationsPerNamespace();
    if (perNamespace > 0 && !r.target().namespace().isEmpty()) {
      Set<String> others = new HashSet<>();
      r.executions().stream().filter(e -> stillRunning(e) && e.target().namespace().equals(r.target().namespace()))
          .filter(e -> !e.remediation().equals(r.remediation())).forEach(e -> others.add(e.remediation()));
      if (others.size() + 1 > perNamespace) {
        return "maxConcurrentRemediationsPerNamespace";
      }
    }
    return null;
  }

  /** Running, or interrupted by its remediation's deletion with its step's deadline (its end) still to come. */
  private static boolean stillRunning(ExecutionRecord e) {
    return e.state() == State.ACTIVE || e.state() == State.INTERRUPTED && e.completedAt().isAfter(NOW);
  }

  private List<NodeState> nodes() {
    List<NodeState> nodes = new ArrayList<>();
    int n = 1 + random.nextInt(8);
    for (int i = 0; i < n; i++) {
      nodes.add(new NodeState("node-" + i, random.nextInt(6) > 0, random.nextInt(5) == 0, random.nextInt(7) == 0));
    }
    return nodes;
  }

  private List<ExecutionRecord> history(List<NodeState> nodes) {
    List<ExecutionRecord> history = new ArrayList<>();
    int n = random.nextInt(10);
    for (int i = 0; i < n; i++) {
      DisruptionClass disruption = DisruptionClass.values()[random.nextInt(4)];
      TargetRef target = disruption == DisruptionClass.NODE ? new TargetRef("Node", "", pick(nodes).name())
          : new TargetRef("Deployment", pick(NAMESPACES), "app-" + random.nextInt(5));
      State state = State.values()[random.nextInt(State.values().length)];
      Instant started = NOW.minus(Duration.ofMinutes(random.nextInt(120)));
      history.add(new ExecutionRecord("kex-" + i, "ar-" + random.nextInt(6), "e".repeat(64), "x",
          new ActionImpact(disruption, Set.of()), target, Map.of(), Map.of(), state, started,
          state == State.ACTIVE ? null : state == State.INTERRUPTED
              ? started.plus(Duration.ofMinutes(random.nextInt(20))) : started.plusSeconds(30)));
    }
    return history;
  }

  private DisruptionBudget budget() {
    Map<DisruptionClass, Integer> byClass = new EnumMap<>(DisruptionClass.class);
    for (DisruptionClass c : DisruptionClass.values()) {
      if (random.nextBoolean()) {
        byClass.put(c, random.nextInt(5));
      }
    }
    NodeShare unavailable = random.nextBoolean() ? new NodeShare(random.nextInt(4), false)
        : new NodeShare(random.nextInt(101), true);
    NodeShare healthy = random.nextBoolean() ? new NodeShare(random.nextInt(5), false) : new NodeShare(random.nextInt(101), true);
    return new DisruptionBudget(unavailable, healthy, random.nextInt(12), byClass, random.nextInt(4));
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }
}

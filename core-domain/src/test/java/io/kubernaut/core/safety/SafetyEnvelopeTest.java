package io.kubernaut.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import static io.kubernaut.ports.action.ActionEffect.BOUNDS_REPLICAS;
import static io.kubernaut.ports.action.ActionEffect.RESTARTS_PODS;
import static io.kubernaut.ports.action.ActionEffect.SETS_REPLICAS;
import static io.kubernaut.ports.action.DisruptionClass.NODE;
import static io.kubernaut.ports.action.DisruptionClass.NONE;
import static io.kubernaut.ports.action.DisruptionClass.POD;
import static io.kubernaut.ports.action.DisruptionClass.WORKLOAD;

import io.kubernaut.ports.action.ActionEffect;
import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.safety.ExecutionRecord;
import io.kubernaut.ports.safety.NodeState;
import io.kubernaut.ports.safety.ExecutionRecord.State;
import io.kubernaut.ports.safety.SafetyLimits;
import io.kubernaut.ports.safety.SafetyPolicy;
import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SafetyEnvelopeTest {

  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  private static final TargetRef API = new TargetRef("Deployment", "payments", "api");
  private static final String FP = "a".repeat(64);
  /** Five healthy workers: the default budget (1 unavailable, 51% healthy) leaves room for one node action. */
  static final List<NodeState> WORKERS = java.util.stream.IntStream.rangeClosed(1, 5)
      .mapToObj(i -> new NodeState("worker-" + i, true, false, false)).toList();
  private final SafetyEnvelope envelope = new SafetyEnvelope("kubernaut-system");

  /**
   * What the built-ins of these names declare (plugins/actions-builtin), plus two third-party
   * actions; the envelope sees only the impact, never the name.
   */
  private static final Map<String, ActionImpact> DECLARED = Map.ofEntries(
      Map.entry("increase_resources", impact(WORKLOAD)),
      Map.entry("notify_only", impact(NONE)),
      Map.entry("restart_pod", impact(POD, RESTARTS_PODS)),
      Map.entry("rollout_restart", impact(WORKLOAD, RESTARTS_PODS)),
      Map.entry("scale_deployment", impact(WORKLOAD, SETS_REPLICAS)),
      Map.entry("update_hpa", impact(WORKLOAD, BOUNDS_REPLICAS)),
      Map.entry("cordon_node", impact(NODE)),
      Map.entry("uncordon_node", impact(NONE)),
      Map.entry("drain_node", impact(NODE)),
      Map.entry("reboot_node", impact(NODE)),
      Map.entry("scale_rollout", impact(WORKLOAD, SETS_REPLICAS)),
      Map.entry("bounce_pod", impact(POD, RESTARTS_PODS)));

  private static ActionImpact impact(DisruptionClass disruption, ActionEffect... effects) {
    return new ActionImpact(disruption, Set.of(effects));
  }

  private static ActionImpact declared(String action) {
    ActionImpact impact = DECLARED.get(action);
    if (impact == null) {
      throw new IllegalArgumentException("No declared impact for " + action + " in this test.");
    }
    return impact;
  }

  private static SafetyRequest request(String action, TargetRef target, Map<String, String> params, Integer replicas,
      List<ExecutionRecord> executions) {
    return new SafetyRequest("ar-new", FP, "production", action, declared(action), target, params, replicas,
        executions, WORKERS, SafetyPolicy.standard(), false, NOW);
  }

  private static ExecutionRecord past(String action, TargetRef target, State state, int minutesAgo, String fingerprint,
      Map<String, String> params, Map<String, String> rollback) {
    Instant at = NOW.minus(Duration.ofMinutes(minutesAgo));
    return new ExecutionRecord("kex-" + minutesAgo, "ar-old", fingerprint, action, declared(action), target, params,
        rollback, state, at.minusSeconds(30), state == State.ACTIVE ? null : at);
  }

  private static ExecutionRecord past(String action, State state, int minutesAgo) {
    return past(action, API, state, minutesAgo, "b".repeat(64), Map.of(), Map.of());
  }

  @Test
  void anOrdinaryStepIsAllowed() {
    SafetyVerdict v = envelope.check(request("increase_resources", API, Map.of("memoryLimit", "256Mi"), null, List.of()));
    assertThat(v.allowed()).isTrue();
    assertThat(v.reason()).isEqualTo(ConditionReason.Accepted);
  }

  @Test
  void theKillSwitchDeniesEverything() {
    SafetyRequest r = request("notify_only", API, Map.of(), null, List.of());
    SafetyVerdict v = envelope.check(new SafetyRequest(r.remediation(), r.fingerprint(), r.environment(), r.action(),
        r.impact(), r.target(), r.parameters(), null, List.of(), WORKERS, r.policy(), true, NOW));
    assertThat(v.allowed()).isFalse();
    assertThat(v.reason()).isEqualTo(ConditionReason.KillSwitch);
  }

  @Test
  void kubeSystemKubePublicAndTheOperatorsNamespaceAreProtected() {
    for (String ns : List.of("kube-system", "kube-public", "kubernaut-system")) {
      SafetyVerdict v = envelope.check(request("restart_pod", new TargetRef("Pod", ns, "p"), Map.of(), null, List.of()));
      assertThat(v.reason()).as(ns).isEqualTo(ConditionReason.ProtectedNamespace);
      assertThat(v.message()).contains(ns);
    }
    assertThat(envelope.check(request("cordon_node", new TargetRef("Node", "", "worker-1"), Map.of(), null, List.of())).allowed())
        .isTrue();
  }

  @Test
  void scalingBeyondMaxReplicasIsDenied() {
    SafetyVerdict v = envelope.check(request("scale_deployment", API, Map.of("replicas", "51"), 40, List.of()));
    assertThat(v.reason()).isEqualTo(ConditionReason.ScaleLimit);
    assertThat(v.message()).contains("limit of 50");
    assertThat(envelope.check(request("update_hpa", API, Map.of("maxReplicas", "80"), null, List.of())).reason())
        .isEqualTo(ConditionReason.ScaleLimit);
  }

  /**
   * An autoscaler's floor is replicas it must keep: {@code minReplicas} over the maximum, or a floor (or ceiling) that
   * moves the workload by more than the factor, is denied like a scale. Before, only {@code maxReplicas} was checked.
   */
  @Test
  void anAutoscalersNewFloorOrCeilingIsHeldToTheMaximumAndTheFactor() {
    TargetRef hpa = new TargetRef("HorizontalPodAutoscaler", "shop-prod", "api");
    assertThat(envelope.check(request("update_hpa", hpa, Map.of("minReplicas", "200"), 5, List.of())).message())
        .contains("200 replicas, more than the limit of 50");
    assertThat(envelope.check(request("update_hpa", hpa, Map.of("minReplicas", "20", "maxReplicas", "20"), 5,
        List.of())).message()).contains("from 5 to 20 replicas");
    assertThat(envelope.check(request("update_hpa", hpa, Map.of("maxReplicas", "2"), 30, List.of())).message())
        .contains("from 30 to 2 replicas");
    assertThat(envelope.check(request("update_hpa", hpa, Map.of("minReplicas", "x"), 5, List.of())).message())
        .contains("minReplicas=x, which is not a whole number");
    assertThat(envelope.check(request("update_hpa", hpa, Map.of("minReplicas", "8", "maxReplicas", "40"), 5,
        List.of())).allowed()).as("a floor within the factor, a ceiling above the current count").isTrue();
    assertThat(envelope.check(request("update_hpa", hpa, Map.of("minReplicas", "40"), null, List.of())).allowed())
        .as("the current count unknown: the maximum only").isTrue();
  }

  @Test
  void scalingByMoreThanTheMaxFactorEitherWayIsDenied() {
    assertThat(envelope.check(request("scale_deployment", API, Map.of("replicas", "10"), 3, List.of())).reason())
        .isEqualTo(ConditionReason.ScaleLimit);
    assertThat(envelope.check(request("scale_deployment", API, Map.of("replicas", "1"), 4, List.of())).reason())
        .isEqualTo(ConditionReason.ScaleLimit);
    assertThat(envelope.check(request("scale_deployment", API, Map.of("replicas", "9"), 3, List.of())).allowed()).isTrue();
  }

  @Test
  void limitsComeFromTheTargetsEnvironment() {
    SafetyLimits strict = new SafetyLimits(5, 3.0, 1, Duration.ofMinutes(5), 3, Duration.ofHours(1), Duration.ofHours(2), 3,
        Duration.ofMinutes(5), 3);
    SafetyPolicy policy = new SafetyPolicy(SafetyLimits.defaults(), Map.of("production", strict), Set.of());
    SafetyRequest r = new SafetyRequest("ar-new", FP, "production", "scale_deployment", declared("scale_deployment"), API,
        Map.of("replicas", "6"), 4, List.of(), WORKERS, policy, false, NOW);
    assertThat(envelope.check(r).reason()).isEqualTo(ConditionReason.ScaleLimit);
    SafetyRequest staging = new SafetyRequest("ar-new", FP, "staging", "scale_deployment", declared("scale_deployment"),
        API, Map.of("replicas", "6"), 4, List.of(), WORKERS, policy, false, NOW);
    assertThat(envelope.check(staging).allowed()).isTrue();
  }

  @Test
  void aSecondNodeDisruptionAtOnceExceedsTheBlastRadius() {
    ExecutionRecord draining = past("drain_node", new TargetRef("Node", "", "worker-2"), State.ACTIVE, 1, "c".repeat(64),
        Map.of(), Map.of());
    SafetyVerdict v = envelope.check(request("cordon_node", new TargetRef("Node", "", "worker-1"), Map.of(), null, List.of(draining)));
    assertThat(v.reason()).isEqualTo(ConditionReason.BlastRadius);
    assertThat(v.message()).contains("2 nodes");
  }

  @Test
  void aThirdPartyNodeClassActionCountsInTheBlastRadiusLikeABuiltin() {
    TargetRef worker1 = new TargetRef("Node", "", "worker-1");
    TargetRef worker2 = new TargetRef("Node", "", "worker-2");
    ExecutionRecord rebooting = past("reboot_node", worker2, State.ACTIVE, 1, "c".repeat(64), Map.of(), Map.of());
    ExecutionRecord draining = past("drain_node", worker2, State.ACTIVE, 1, "c".repeat(64), Map.of(), Map.of());

    SafetyVerdict cordon = envelope.check(request("cordon_node", worker1, Map.of(), null, List.of(rebooting)));
    SafetyVerdict reboot = envelope.check(request("reboot_node", worker1, Map.of(), null, List.of(draining)));

    assertThat(cordon.reason()).isEqualTo(ConditionReason.BlastRadius);
    assertThat(reboot.reason()).isEqualTo(ConditionReason.BlastRadius);
    assertThat(reboot.message()).contains("reboot_node").contains("2 nodes");
    assertThat(envelope.check(request("reboot_node", worker1, Map.of(), null, List.of())).allowed()).isTrue();
  }

  @Test
  void theBlastRadiusCountsByDeclaredClassNotByName() {
    TargetRef worker1 = new TargetRef("Node", "", "worker-1");
    ExecutionRecord uncordoning = past("uncordon_node", new TargetRef("Node", "", "worker-2"), State.ACTIVE, 1,
        "c".repeat(64), Map.of(), Map.of());
    ExecutionRecord drainDeclaredHarmless = new ExecutionRecord("kex-x", "ar-old", "c".repeat(64), "drain_node",
        impact(NONE), new TargetRef("Node", "", "worker-3"), Map.of(), Map.of(), State.ACTIVE, NOW, null);

    assertThat(envelope.check(request("cordon_node", worker1, Map.of(), null, List.of(uncordoning, drainDeclaredHarmless)))
        .allowed()).isTrue();
  }

  @Test
  void anActionTheCatalogDoesNotKnowIsAssumedToDisruptTheNodeItTargets() {
    ExecutionRecord unknown = new ExecutionRecord("kex-x", "ar-old", "c".repeat(64), "removed_plugin_action",
        ActionImpact.assumedFor("Node"), new TargetRef("Node", "", "worker-2"), Map.of(), Map.of(), State.ACTIVE, NOW,
        null);

    assertThat(envelope.check(request("cordon_node", new TargetRef("Node", "", "worker-1"), Map.of(), null,
        List.of(unknown))).reason()).isEqualTo(ConditionReason.BlastRadius);
    assertThat(ActionImpact.assumedFor("Deployment").disruption()).isEqualTo(WORKLOAD);
  }

  @Test
  void aThirdPartyActionThatSetsReplicasGetsTheScaleLimitsAndTheFlappingRule() {
    assertThat(envelope.check(request("scale_rollout", API, Map.of("replicas", "51"), 40, List.of())).reason())
        .isEqualTo(ConditionReason.ScaleLimit);
    assertThat(envelope.check(request("scale_rollout", API, Map.of("replicas", "10"), 3, List.of())).reason())
        .isEqualTo(ConditionReason.ScaleLimit);
    List<ExecutionRecord> history = List.of(
        past("scale_deployment", API, State.SUCCEEDED, 90, "", Map.of("replicas", "6"), Map.of("previousReplicas", "3")),
        past("scale_rollout", API, State.SUCCEEDED, 40, "", Map.of("replicas", "3"), Map.of("previousReplicas", "6")));
    assertThat(envelope.check(request("scale_rollout", API, Map.of("replicas", "6"), 3, history)).reason())
        .isEqualTo(ConditionReason.Oscillation);
    assertThat(envelope.check(request("increase_resources", API, Map.of("replicas", "500"), 3, List.of())).allowed())
        .as("a parameter named replicas means nothing to an action that does not set replicas").isTrue();
  }

  @Test
  void aTargetWithARunningExecutionOfAnotherRemediationIsBusy() {
    SafetyVerdict v = envelope.check(request("increase_resources", API, Map.of(), null, List.of(past("rollout_restart", State.ACTIVE, 0))));
    assertThat(v.reason()).isEqualTo(ConditionReason.TargetBusy);
  }

  @Test
  void theSameActionOnTheSameTargetWaitsFiveMinutes() {
    SafetyVerdict waits = envelope.check(request("increase_resources", API, Map.of(), null,
        List.of(past("increase_resources", State.SUCCEEDED, 4))));
    assertThat(waits.reason()).isEqualTo(ConditionReason.Cooldown);
    assertThat(waits.reason() + ": " + waits.message()).contains("waits 5 min, until");
    assertThat(envelope.check(request("increase_resources", API, Map.of(), null, List.of(past("increase_resources", State.SUCCEEDED, 6))))
        .allowed()).isTrue();
    assertThat(envelope.check(request("rollout_restart", API, Map.of(), null, List.of(past("increase_resources", State.SUCCEEDED, 1))))
        .allowed()).isTrue();
  }

  @Test
  void aCooldownOfNoWholeMinutesIsToldInMinutesAndSeconds() {
    SafetyLimits brief = new SafetyLimits(50, 3.0, 1, Duration.ofSeconds(90), 3, Duration.ofHours(1), Duration.ofHours(2), 3,
        Duration.ofMinutes(5), 3);
    SafetyRequest r = new SafetyRequest("ar-new", FP, "production", "increase_resources", declared("increase_resources"),
        API, Map.of(), null, List.of(past("increase_resources", State.SUCCEEDED, 1)), WORKERS,
        new SafetyPolicy(brief, Map.of(), Set.of()), false, NOW);

    assertThat(envelope.check(r).message()).contains("waits 1 min 30 s, until");
  }

  /** An execution of {@code action} on API in remediation {@code ar} whose workflow failed verification. */
  private static ExecutionRecord failedVerification(String ar, String action, int minutesAgo) {
    Instant at = NOW.minus(Duration.ofMinutes(minutesAgo));
    return new ExecutionRecord("kex-" + ar, ar, "c".repeat(64), action, declared(action), API, Map.of(), Map.of(),
        State.FAILED, at.minusSeconds(30), at, true);
  }

  @Test
  void anActionThatFailedVerificationOnTheSameTargetThreeTimesInFourHoursIsBlockedThereWithTheReason() {
    List<ExecutionRecord> failed = List.of(failedVerification("ar-1", "rollout_restart", 230),
        failedVerification("ar-2", "rollout_restart", 120), failedVerification("ar-3", "rollout_restart", 60));
    SafetyVerdict v = envelope.check(request("rollout_restart", API, Map.of(), null, failed));
    assertThat(v.reason()).isEqualTo(ConditionReason.FailedVerifications);
    assertThat(v.message()).contains("rollout_restart failed verification on Deployment/payments/api in 3 remediations")
        .contains("ar-1, ar-2, ar-3");
    assertThat(v.until()).as("lifts when the oldest failure leaves the 4 h window")
        .isEqualTo(NOW.minus(Duration.ofMinutes(230)).plus(Duration.ofHours(4)));
  }

  @Test
  void aRollbackIsNoFailedVerificationOfItsAction() {
    ExecutionRecord step = failedVerification("ar-3", "rollout_restart", 60);
    // ar-3's rollback, ended a moment ago: its workflow failed verification, and its step's record is gone.
    ExecutionRecord rollback = new ExecutionRecord("kex-ar-3-rollback", "ar-3", step.fingerprint(), step.action(),
        step.impact(), API, Map.of(), Map.of(), State.SUCCEEDED, NOW.minusSeconds(40), NOW.minusSeconds(10), true, true);
    List<ExecutionRecord> twoAndARollback = List.of(failedVerification("ar-1", "rollout_restart", 120),
        failedVerification("ar-2", "rollout_restart", 90), rollback);

    assertThat(envelope.check(request("rollout_restart", API, Map.of(), null, List.of(
        failedVerification("ar-1", "rollout_restart", 120), failedVerification("ar-2", "rollout_restart", 90), step)))
        .reason()).as("three remediations' steps").isEqualTo(ConditionReason.FailedVerifications);
    SafetyVerdict v = envelope.check(new SafetyRequest("ar-new", FP, "production", "rollout_restart",
        declared("rollout_restart"), API, Map.of(), null, twoAndARollback, WORKERS, SafetyPolicy.standard(), false, NOW));
    assertThat(v.allowed()).as("two steps and a rollback: " + v.message()).isTrue();
  }

  @Test
  void failedVerificationsBlockOnlyTheSameActionOnTheSameTargetWithinTheWindow() {
    List<ExecutionRecord> twoRecent = List.of(failedVerification("ar-1", "rollout_restart", 250),
        failedVerification("ar-2", "rollout_restart", 120), failedVerification("ar-3", "rollout_restart", 60));
    assertThat(envelope.check(request("rollout_restart", API, Map.of(), null, twoRecent)).allowed())
        .as("one of the three is older than 4 h").isTrue();
    List<ExecutionRecord> three = List.of(failedVerification("ar-1", "rollout_restart", 200),
        failedVerification("ar-2", "rollout_restart", 120), failedVerification("ar-3", "rollout_restart", 60));
    assertThat(envelope.check(request("increase_resources", API, Map.of(), null, three)).reason())
        .as("another action on the target is not blocked by them").isNotEqualTo(ConditionReason.FailedVerifications);
    assertThat(envelope.check(request("rollout_restart", new TargetRef("Deployment", "payments", "worker"), Map.of(), null,
        three)).reason()).isNotEqualTo(ConditionReason.FailedVerifications);
  }

  /** uncordon_node's rollback on {@code node}, ended {@code state} two minutes ago: it cordoned the node again. */
  private static ExecutionRecord recordoned(TargetRef node, State state, String fingerprint) {
    Instant at = NOW.minus(Duration.ofMinutes(2));
    return new ExecutionRecord("kex-rollback", "ar-old", fingerprint, "uncordon_node",
        impact(NONE, ActionEffect.ROLLBACK_DISRUPTS_NODE).ofRollback(), node, Map.of(), Map.of(), state,
        at.minusSeconds(30), at, false, true);
  }

  @Test
  void anEndedRollbackThatCordonedANodeAgainCountsThatNodeAsKubernautsButIsNoRunOfItsAction() {
    TargetRef worker1 = new TargetRef("Node", "", "worker-1");
    TargetRef worker2 = new TargetRef("Node", "", "worker-2");
    List<NodeState> worker2Cordoned = WORKERS.stream()
        .map(n -> n.name().equals("worker-2") ? new NodeState(n.name(), true, true, false) : n).toList();
    SafetyRequest cordon = request("cordon_node", worker1, Map.of(), null, List.of(recordoned(worker2, State.SUCCEEDED,
        "b".repeat(64))));

    SafetyVerdict second = envelope.check(new SafetyRequest(cordon.remediation(), cordon.fingerprint(),
        cordon.environment(), cordon.action(), cordon.impact(), cordon.target(), cordon.parameters(), null,
        cordon.executions(), worker2Cordoned, cordon.policy(), false, NOW));
    SafetyVerdict uncordonAgain = envelope.check(new SafetyRequest("ar-new", FP, "production", "uncordon_node",
        declared("uncordon_node"), worker2, Map.of(), null, cordon.executions(), worker2Cordoned, SafetyPolicy.standard(),
        false, NOW));

    assertThat(second.reason()).as("worker-2, cordoned again by the rollback, is Kubernaut's")
        .isEqualTo(ConditionReason.DisruptionBudget);
    assertThat(second.message()).contains("maxNodesUnavailable").contains("worker-1").contains("worker-2");
    assertThat(uncordonAgain.allowed()).as("the rollback is no run of uncordon_node for the cooldown").isTrue();
  }

  @Test
  void aRollbackNeitherEndsNorExtendsAFingerprintsRunOfFailures() {
    TargetRef other = new TargetRef("Deployment", "payments", "worker");
    String labelFp = FP.substring(0, 40);
    List<ExecutionRecord> failures = new java.util.ArrayList<>(List.of(
        past("rollout_restart", other, State.FAILED, 50, labelFp, Map.of(), Map.of()),
        past("increase_resources", other, State.FAILED, 30, labelFp, Map.of(), Map.of()),
        past("update_hpa", other, State.FAILED, 10, labelFp, Map.of(), Map.of())));
    failures.add(recordoned(new TargetRef("Node", "", "worker-2"), State.SUCCEEDED, labelFp));
    assertThat(envelope.check(request("scale_deployment", API, Map.of("replicas", "4"), 3, failures)).reason())
        .isEqualTo(ConditionReason.RepeatedFailures);

    List<ExecutionRecord> twoAndARollback = new java.util.ArrayList<>(failures.subList(0, 2));
    twoAndARollback.add(recordoned(new TargetRef("Node", "", "worker-2"), State.FAILED, labelFp));
    assertThat(envelope.check(request("scale_deployment", API, Map.of("replicas", "4"), 3, twoAndARollback)).allowed())
        .as("a failed rollback is no third failure").isTrue();
  }

  @Test
  void threeConsecutiveFailuresForAFingerprintBlockItForAnHour() {
    TargetRef other = new TargetRef("Deployment", "payments", "worker");
    String labelFp = FP.substring(0, 40);
    List<ExecutionRecord> failures = List.of(
        past("rollout_restart", other, State.FAILED, 50, labelFp, Map.of(), Map.of()),
        past("increase_resources", other, State.FAILED, 30, labelFp, Map.of(), Map.of()),
        past("update_hpa", other, State.FAILED, 10, labelFp, Map.of(), Map.of()));
    assertThat(envelope.check(request("scale_deployment", API, Map.of("replicas", "4"), 3, failures)).reason())
        .isEqualTo(ConditionReason.RepeatedFailures);
    List<ExecutionRecord> successLast = new java.util.ArrayList<>(failures);
    successLast.add(past("notify_only", other, State.SUCCEEDED, 5, labelFp, Map.of(), Map.of()));
    assertThat(envelope.check(request("scale_deployment", API, Map.of("replicas", "4"), 3, successLast)).allowed()).isTrue();
    List<ExecutionRecord> interruptedLast = new java.util.ArrayList<>(failures);
    interruptedLast.add(past("notify_only", other, State.INTERRUPTED, 5, labelFp, Map.of(), Map.of()));
    assertThat(envelope.check(request("scale_deployment", API, Map.of("replicas", "4"), 3, interruptedLast)).reason())
        .as("an execution interrupted by its remediation's deletion ends no run of failures")
        .isEqualTo(ConditionReason.RepeatedFailures);
    List<ExecutionRecord> old = failures.stream().map(e -> new ExecutionRecord(e.name(), e.remediation(), e.fingerprint(),
        e.action(), e.impact(), e.target(), Map.of(), Map.of(), State.FAILED, e.startedAt().minus(Duration.ofHours(1)),
        e.completedAt().minus(Duration.ofHours(1)))).toList();
    assertThat(envelope.check(request("scale_deployment", API, Map.of("replicas", "4"), 3, old)).allowed()).isTrue();
  }

  @Test
  void anInterruptedExecutionHoldsItsTargetUntilItsStepsDeadlineAndNoLonger() {
    // Its remediation was deleted 2 minutes ago while rollout_restart ran; the step's deadline is 8 minutes away.
    ExecutionRecord interrupted = new ExecutionRecord("kex-gone", "ar-old (deleted)", "b".repeat(64), "rollout_restart",
        declared("rollout_restart"), API, Map.of(), Map.of(), State.INTERRUPTED, NOW.minus(Duration.ofMinutes(2)),
        NOW.plus(Duration.ofMinutes(8)));

    SafetyVerdict busy = envelope.check(request("increase_resources", API, Map.of(), null, List.of(interrupted)));
    SafetyVerdict after = envelope.check(new SafetyRequest("ar-new", FP, "production", "increase_resources",
        declared("increase_resources"), API, Map.of(), null, List.of(interrupted), WORKERS, SafetyPolicy.standard(), false,
        NOW.plus(Duration.ofMinutes(8))));

    assertThat(busy.reason()).isEqualTo(ConditionReason.TargetBusy);
    assertThat(busy.until()).isEqualTo(NOW.plus(Duration.ofMinutes(8)));
    assertThat(busy.message()).contains("kex-gone (rollout_restart)").contains("ar-old (deleted) was deleted")
        .contains("until its step's deadline, " + NOW.plus(Duration.ofMinutes(8)));
    assertThat(after.allowed()).as("another action once the deadline has passed").isTrue();
    assertThat(interrupted.mayBeRunning(NOW)).isTrue();
    assertThat(interrupted.mayBeRunning(NOW.plus(Duration.ofMinutes(8)))).isFalse();
  }

  @Test
  void anInterruptedExecutionCoolsItsTargetDownAsADoneOneDoes() {
    SafetyVerdict cooldown = envelope.check(request("increase_resources", API, Map.of(), null,
        List.of(past("increase_resources", State.INTERRUPTED, 4))));
    assertThat(cooldown.reason()).isEqualTo(ConditionReason.Cooldown);
  }

  @Test
  void timeBoundDenialsCarryWhenTheyWouldLiftAndOtherVerdictsDoNot() {
    SafetyVerdict cooldown = envelope.check(request("increase_resources", API, Map.of(), null,
        List.of(past("increase_resources", State.SUCCEEDED, 4))));
    SafetyVerdict busy = envelope.check(request("increase_resources", API, Map.of(), null,
        List.of(past("rollout_restart", State.ACTIVE, 0))));
    String labelFp = FP.substring(0, 40);
    TargetRef other = new TargetRef("Deployment", "payments", "worker");
    SafetyVerdict failing = envelope.check(request("scale_deployment", API, Map.of("replicas", "4"), 3, List.of(
        past("rollout_restart", other, State.FAILED, 50, labelFp, Map.of(), Map.of()),
        past("increase_resources", other, State.FAILED, 30, labelFp, Map.of(), Map.of()),
        past("update_hpa", other, State.FAILED, 10, labelFp, Map.of(), Map.of()))));

    assertThat(cooldown.until()).as("4 min ago plus the 5 min cooldown").isEqualTo(NOW.plus(Duration.ofMinutes(1)));
    assertThat(busy.until()).as("held for one cooldown from now").isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    assertThat(failing.until()).as("the last failure 10 min ago plus the 1 h block").isEqualTo(NOW.plus(Duration.ofMinutes(50)));
    assertThat(envelope.check(request("increase_resources", API, Map.of(), null, List.of())).until()).isNull();
    assertThat(envelope.check(request("increase_resources", new TargetRef("Deployment", "kubernaut-system", "x"), Map.of(),
        null, List.of())).until()).as("a protected namespace does not lift by itself").isNull();
  }

  @Test
  void scalingUpDownAndUpAgainWithinTwoHoursIsOscillation() {
    List<ExecutionRecord> history = List.of(
        past("scale_deployment", API, State.SUCCEEDED, 90, "", Map.of("replicas", "6"), Map.of("previousReplicas", "3")),
        past("scale_deployment", API, State.SUCCEEDED, 40, "", Map.of("replicas", "3"), Map.of("previousReplicas", "6")));
    SafetyVerdict v = envelope.check(request("scale_deployment", API, Map.of("replicas", "6"), 3, history));
    assertThat(v.reason()).isEqualTo(ConditionReason.Oscillation);
    assertThat(envelope.check(request("scale_deployment", API, Map.of("replicas", "2"), 3, history.subList(0, 1))).allowed())
        .as("one reversal is not yet flapping").isTrue();
  }

  @Test
  void aFourthRestartWithinTwoHoursIsOscillation() {
    TargetRef pod = new TargetRef("Pod", "payments", "api-1");
    List<ExecutionRecord> restarts = List.of(
        past("restart_pod", new TargetRef("Pod", "payments", "api-0"), State.SUCCEEDED, 100, FP, Map.of(), Map.of()),
        past("restart_pod", new TargetRef("Pod", "payments", "api-2"), State.SUCCEEDED, 60, FP, Map.of(), Map.of()),
        past("restart_pod", new TargetRef("Pod", "payments", "api-3"), State.SUCCEEDED, 20, FP, Map.of(), Map.of()));
    assertThat(envelope.check(request("restart_pod", pod, Map.of(), null, restarts)).reason()).isEqualTo(ConditionReason.Oscillation);
    assertThat(envelope.check(request("restart_pod", pod, Map.of(), null, restarts.subList(0, 2))).allowed()).isTrue();
  }

  @Test
  void aThirdPartyActionThatRestartsPodsCountsTowardsRestartFlapping() {
    TargetRef pod = new TargetRef("Pod", "payments", "api-1");
    List<ExecutionRecord> restarts = List.of(
        past("restart_pod", new TargetRef("Pod", "payments", "api-0"), State.SUCCEEDED, 100, FP, Map.of(), Map.of()),
        past("bounce_pod", new TargetRef("Pod", "payments", "api-2"), State.SUCCEEDED, 60, FP, Map.of(), Map.of()),
        past("restart_pod", new TargetRef("Pod", "payments", "api-3"), State.SUCCEEDED, 20, FP, Map.of(), Map.of()));

    assertThat(envelope.check(request("bounce_pod", pod, Map.of(), null, restarts)).reason())
        .isEqualTo(ConditionReason.Oscillation);
    assertThat(envelope.check(request("restart_pod", pod, Map.of(), null, restarts)).reason())
        .isEqualTo(ConditionReason.Oscillation);
  }
}

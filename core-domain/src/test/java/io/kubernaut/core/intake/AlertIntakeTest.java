package io.kubernaut.core.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.core.classification.EnvironmentClassifier;
import io.kubernaut.core.dedup.RemediationNamer;
import io.kubernaut.core.fakes.InMemoryClusterInspector;
import io.kubernaut.core.fakes.InMemoryRemediationStore;
import io.kubernaut.core.storm.StormDetector;
import io.kubernaut.core.storm.StormPolicy;
import io.kubernaut.core.storm.TopologyStormWindow;
import io.kubernaut.core.target.TargetLocator;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.in.IngestSignalCommand;
import io.kubernaut.ports.in.IntakeOutcome;
import io.kubernaut.ports.in.IntakeOutcome.IgnoreReason;
import io.kubernaut.ports.in.IntakeOutcome.Result;
import io.kubernaut.ports.out.RemediationNames;
import io.kubernaut.ports.out.RemediationStore;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.Severity;
import io.kubernaut.ports.remediation.SourceAlert;
import io.kubernaut.ports.signal.Signal;
import io.kubernaut.ports.signal.SignalSource;
import io.kubernaut.ports.signal.SignalStatus;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertIntakeTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:15:30Z");
  private static final TargetRef POD = new TargetRef("Pod", "shop-prod", "checkout-7d9f8b6c4-x2x9q");
  private static final TargetRef POD_2 = new TargetRef("Pod", "shop-prod", "checkout-7d9f8b6c4-r4m2k");
  private static final TargetRef RS = new TargetRef("ReplicaSet", "shop-prod", "checkout-7d9f8b6c4");
  private static final TargetRef DEPLOY = new TargetRef("Deployment", "shop-prod", "checkout");

  private final InMemoryRemediationStore store = new InMemoryRemediationStore();
  private final InMemoryClusterInspector cluster = new InMemoryClusterInspector()
      .owner(POD, RS).owner(POD_2, RS).owner(RS, DEPLOY)
      .namespace("shop-prod", Map.of("kubernaut.io/environment", "production"));
  private final AlertIntake intake = new AlertIntake(store, cluster, new EnvironmentClassifier(Map.of()),
      new StormDetector(StormPolicy.defaults()), TopologyStormWindow.off());

  private static Signal crashLooping(String pod, SignalStatus status) {
    return new Signal(SignalSource.PROMETHEUS, "KubePodCrashLooping", "warning", status, null,
        Map.of("alertname", "KubePodCrashLooping", "namespace", "shop-prod", "pod", pod, "severity", "warning"),
        Map.of("summary", "Pod is crash looping."), T0, sourceOf(pod));
  }

  /** Alertmanager's fingerprint of the pod's alert: its labels differ by pod, so its fingerprint does. */
  private static String sourceOf(String pod) {
    return String.format("%016x", (long) ("KubePodCrashLooping/" + pod).hashCode() & 0xffffffffL);
  }

  private IntakeOutcome ingest(Signal signal) {
    return intake.ingest(new IngestSignalCommand(signal, T0));
  }

  @Test
  void firstAlertCreatesRemediationForTheOwningDeployment() {
    IntakeOutcome outcome = ingest(crashLooping(POD.name(), SignalStatus.FIRING));

    assertThat(outcome.result()).isEqualTo(Result.CREATED);
    assertThat(store.created()).singleElement().satisfies(r -> {
      assertThat(r.target()).isEqualTo(DEPLOY);
      assertThat(r.environment()).isEqualTo(Environment.PRODUCTION);
      assertThat(r.severity()).isEqualTo(Severity.WARNING);
      assertThat(r.name()).isEqualTo(outcome.remediationName()).startsWith("kubepodcrashlooping-");
    });
  }

  /** As Prometheus writes it with honor_labels false: the metric's pod is exported_pod, pod is the scrape target's. */
  private static Signal memoryHigh(String job) {
    return new Signal(SignalSource.PROMETHEUS, "PodMemoryHigh", "warning", SignalStatus.FIRING, null,
        Map.of("alertname", "PodMemoryHigh", "namespace", "shop-prod", "exported_namespace", "other-team",
            "job", job, "pod", "payments-0", "exported_pod", "payments-0", "severity", "warning"), Map.of(), T0, "");
  }

  @Test
  void anApplicationsAlertWithExportedNamespaceTargetsItsOwnNamespace() {
    ingest(memoryHigh("my-app"));

    assertThat(store.created()).singleElement().satisfies(r -> {
      assertThat(r.target()).isEqualTo(new TargetRef("Pod", "shop-prod", "payments-0"));
      assertThat(r.environment()).isEqualTo(Environment.PRODUCTION);
    });
  }

  @Test
  void aKubeStateMetricsAlertTargetsTheExportedNamespace() {
    ingest(memoryHigh("kube-state-metrics"));

    assertThat(store.created()).singleElement()
        .satisfies(r -> assertThat(r.target()).isEqualTo(new TargetRef("Pod", "other-team", "payments-0")));
  }

  @Test
  void duplicateAlertIncrementsCountInsteadOfCreatingSecondRemediation() {
    String name = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    IntakeOutcome second = ingest(crashLooping(POD.name(), SignalStatus.FIRING));
    IntakeOutcome third = ingest(crashLooping(POD.name(), SignalStatus.FIRING));

    assertThat(second.result()).isEqualTo(Result.DUPLICATE);
    assertThat(third.duplicateCount()).isEqualTo(2);
    assertThat(third.remediationName()).isEqualTo(name);
    assertThat(store.created()).hasSize(1);
  }

  @Test
  void replicasOfOneDeploymentFiringTheSameAlertBecomeOneRemediation() {
    ingest(crashLooping(POD.name(), SignalStatus.FIRING));
    IntakeOutcome other = ingest(crashLooping(POD_2.name(), SignalStatus.FIRING));

    assertThat(other.result()).isEqualTo(Result.DUPLICATE);
    assertThat(store.created()).hasSize(1);
  }

  @Test
  void endedRemediationLetsTheSameProblemStartANewOneWithTheNextName() {
    String first = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    store.setPhase(first, RemediationPhase.Completed);

    IntakeOutcome again = ingest(crashLooping(POD.name(), SignalStatus.FIRING));

    assertThat(again.result()).isEqualTo(Result.CREATED);
    assertThat(again.remediationName()).isEqualTo(first + "-2");
  }

  @Test
  void aRemediationBlockedByACooldownAbsorbsTheSameProblemUntilTheCooldownLiftsThenANewOneStarts() {
    String first = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    Instant lifts = T0.plusSeconds(300);
    store.block(first, lifts);

    IntakeOutcome during = intake.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING),
        lifts.minusSeconds(1)));
    IntakeOutcome twin = intake.ingest(new IngestSignalCommand(crashLooping(POD_2.name(), SignalStatus.FIRING),
        lifts.minusSeconds(1)));
    IntakeOutcome after = intake.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING), lifts));

    assertThat(during.result()).isEqualTo(Result.DUPLICATE);
    assertThat(during.remediationName()).isEqualTo(first);
    assertThat(during.message()).contains("blocked").contains(lifts.toString());
    assertThat(twin.remediationName()).isEqualTo(first);
    assertThat(twin.duplicateCount()).isEqualTo(2);
    assertThat(after.result()).isEqualTo(Result.CREATED);
    assertThat(after.remediationName()).isEqualTo(first + "-2");
    assertThat(store.created()).hasSize(2);
  }

  @Test
  void aBlockWithoutALiftTimeLetsTheNextDeliveryStartANewRemediation() {
    String first = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    store.block(first, null);

    IntakeOutcome again = ingest(crashLooping(POD.name(), SignalStatus.FIRING));

    assertThat(again.result()).isEqualTo(Result.CREATED);
    assertThat(again.remediationName()).isEqualTo(first + "-2");
  }

  @Test
  void aResolutionIsNotRecordedOnABlockedRemediation() {
    String first = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    store.block(first, T0.plusSeconds(300));

    IntakeOutcome resolved = ingest(crashLooping(POD.name(), SignalStatus.RESOLVED));

    assertThat(resolved.result()).isEqualTo(Result.RESOLVED);
    assertThat(resolved.remediationName()).isEmpty();
    assertThat(store.resolution(first)).isEmpty();
  }

  @Test
  void resolvedAlertNeverStartsARemediation() {
    IntakeOutcome outcome = ingest(crashLooping(POD.name(), SignalStatus.RESOLVED));

    assertThat(outcome.result()).isEqualTo(Result.RESOLVED);
    assertThat(outcome.remediationName()).isEmpty();
    assertThat(store.created()).isEmpty();
  }

  @Test
  void resolvedAlertIsRecordedOnItsActiveRemediation() {
    String name = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();

    IntakeOutcome outcome = ingest(crashLooping(POD.name(), SignalStatus.RESOLVED));

    assertThat(outcome.result()).isEqualTo(Result.RESOLVED);
    assertThat(outcome.remediationName()).isEqualTo(name);
    assertThat(store.resolution(name)).contains(T0);
  }

  @Test
  void onePodResolvingWhileAnotherOfTheDeliveryStillFiresDoesNotResolveTheDeploymentsRemediation() {
    // Alertmanager's "some alerts resolved" delivery: the group's resolved alert beside the ones still firing.
    String name = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    List<IntakeOutcome> partly = intake.ingestAll(List.of(
        new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.RESOLVED), T0),
        new IngestSignalCommand(crashLooping(POD_2.name(), SignalStatus.FIRING), T0)));

    assertThat(partly.get(0).result()).isEqualTo(Result.RESOLVED);
    assertThat(partly.get(0).remediationName()).isEqualTo(name);
    assertThat(partly.get(0).message()).contains("still reports the same problem firing");
    assertThat(store.resolution(name)).as("the Deployment's problem still fires").isEmpty();

    List<IntakeOutcome> all = intake.ingestAll(List.of(
        new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.RESOLVED), T0),
        new IngestSignalCommand(crashLooping(POD_2.name(), SignalStatus.RESOLVED), T0)));
    assertThat(all).extracting(IntakeOutcome::result).containsOnly(Result.RESOLVED);
    assertThat(store.resolution(name)).as("the last alert resolved").contains(T0);
  }

  @Test
  void onePodsResolutionInADeliveryOfItsOwnDoesNotResolveWhileAnotherPodsAlertStillFires() {
    // Alertmanager grouping by pod: each pod's alert comes, and resolves, in a delivery of its own.
    String name = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    assertThat(ingest(crashLooping(POD_2.name(), SignalStatus.FIRING)).result()).isEqualTo(Result.DUPLICATE);
    assertThat(ingest(crashLooping(POD_2.name(), SignalStatus.FIRING)).result()).as("re-sent").isEqualTo(Result.DUPLICATE);
    assertThat(store.firingOf(name).sources()).containsExactly(sourceOf(POD.name()), sourceOf(POD_2.name()));

    IntakeOutcome first = ingest(crashLooping(POD.name(), SignalStatus.RESOLVED));

    assertThat(first.result()).isEqualTo(Result.RESOLVED);
    assertThat(first.remediationName()).isEqualTo(name);
    assertThat(first.message()).isEqualTo("Alert KubePodCrashLooping resolved, but 1 other alert(s) of the same problem "
        + "still fire; AlertRemediation " + name + " is resolved when the last of them resolves.");
    assertThat(store.resolution(name)).as("the Deployment's problem still fires").isEmpty();
    assertThat(ingest(crashLooping(POD.name(), SignalStatus.RESOLVED)).message()).as("the same resolution again")
        .contains("1 other alert(s)");
    assertThat(store.resolution(name)).isEmpty();

    IntakeOutcome last = ingest(crashLooping(POD_2.name(), SignalStatus.RESOLVED));

    assertThat(last.message()).isEqualTo("Recorded the resolution on AlertRemediation " + name + ".");
    assertThat(store.resolution(name)).as("the last alert resolved").contains(T0);
  }

  @Test
  void aPodResolvedBesideAnotherStillFiringIsStruckOffSoTheOthersLaterResolutionAloneResolves() {
    // Alertmanager sends a resolved alert once, beside the group's firing ones, and never again.
    String name = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    intake.ingestAll(List.of(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.RESOLVED), T0),
        new IngestSignalCommand(crashLooping(POD_2.name(), SignalStatus.FIRING), T0)));
    assertThat(store.firingOf(name).sources()).containsExactly(sourceOf(POD_2.name()));
    assertThat(store.resolution(name)).isEmpty();

    intake.ingestAll(List.of(new IngestSignalCommand(crashLooping(POD_2.name(), SignalStatus.RESOLVED), T0)));

    assertThat(store.resolution(name)).as("the last alert resolved").contains(T0);
  }

  private static Signal crashLooping(String pod, SignalStatus status, Instant startsAt) {
    Signal s = crashLooping(pod, status);
    return new Signal(s.source(), s.name(), s.severity(), s.status(), s.target(), s.labels(), s.annotations(), startsAt,
        s.sourceFingerprint());
  }

  @Test
  void aLateFiringOfAPodsEpisodeAlreadyResolvedIsIgnoredSoTheOtherPodsResolutionStillResolvesTheProblem() {
    // An Alertmanager HA pair: one peer sent the pod's firing and then its resolution; the other peer's
    // copy of the firing (the same episode: the same startsAt) arrives after both.
    String name = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    ingest(crashLooping(POD_2.name(), SignalStatus.FIRING));
    ingest(crashLooping(POD.name(), SignalStatus.RESOLVED));

    IntakeOutcome late = ingest(crashLooping(POD.name(), SignalStatus.FIRING));

    assertThat(late.result()).isEqualTo(Result.IGNORED);
    assertThat(late.ignoredBecause()).isEqualTo(IgnoreReason.ResolvedEpisode);
    assertThat(late.message()).isEqualTo("Alert KubePodCrashLooping (started " + T0 + ") was already reported resolved "
        + "on AlertRemediation " + name + "; this firing of the same episode came late (a resend, or the twin delivery "
        + "of an Alertmanager HA peer), so it is not counted and starts nothing. A new episode of the alert starts "
        + "later and is taken, as is this one firing again more than 600 s after its resolution "
        + "(KUBERNAUT_LATE_FIRING_WINDOW_SECONDS).");
    assertThat(store.firingOf(name).sources()).containsExactly(sourceOf(POD_2.name()));
    assertThat(store.findByName(name).orElseThrow().duplicates().count()).as("not counted").isEqualTo(1);

    ingest(crashLooping(POD_2.name(), SignalStatus.RESOLVED));
    assertThat(store.resolution(name)).as("the last pod still firing resolved").contains(T0);
  }

  @Test
  void aLateFiringAfterTheRemediationEndedResolvedStartsNothingButTheAlertsNextEpisodeStartsANewOne() {
    String name = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    ingest(crashLooping(POD.name(), SignalStatus.RESOLVED));
    store.setPhase(name, RemediationPhase.Completed); // AutoResolved, as the controller ends it

    IntakeOutcome late = ingest(crashLooping(POD.name(), SignalStatus.FIRING));
    IntakeOutcome earlier = ingest(crashLooping(POD.name(), SignalStatus.FIRING, T0.minusSeconds(30)));

    assertThat(late.ignoredBecause()).isEqualTo(IgnoreReason.ResolvedEpisode);
    assertThat(earlier.ignoredBecause()).as("an even older start is no newer episode").isEqualTo(IgnoreReason.ResolvedEpisode);
    assertThat(store.created()).hasSize(1);

    IntakeOutcome next = ingest(crashLooping(POD.name(), SignalStatus.FIRING, T0.plusSeconds(600)));
    IntakeOutcome otherPod = ingest(crashLooping(POD_2.name(), SignalStatus.FIRING));

    assertThat(next.result()).as("the pod fires again: a new episode").isEqualTo(Result.CREATED);
    assertThat(next.remediationName()).isNotEqualTo(name);
    assertThat(otherPod.result()).as("another pod's alert is news, whatever its start").isEqualTo(Result.DUPLICATE);
    assertThat(store.created()).hasSize(2);
  }

  @Test
  void aResolutionThatArrivesAfterTheRemediationEndedIsKeptOnItSoTheLateTwinFiringStartsNothing() {
    String name = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    store.setPhase(name, RemediationPhase.Completed); // remediated before the alert resolved

    IntakeOutcome resolved = ingest(crashLooping(POD.name(), SignalStatus.RESOLVED));
    IntakeOutcome late = ingest(crashLooping(POD.name(), SignalStatus.FIRING));

    assertThat(resolved.result()).isEqualTo(Result.RESOLVED);
    assertThat(resolved.message()).isEqualTo("No active remediation has this fingerprint; the resolution needs no action.");
    assertThat(store.resolution(name)).as("an ended remediation is not resolved").isEmpty();
    assertThat(late.ignoredBecause()).isEqualTo(IgnoreReason.ResolvedEpisode);
    assertThat(late.message()).contains("AlertRemediation " + name + ";");
    assertThat(store.created()).hasSize(1);
  }

  @Test
  void theSameStartFiringAgainLongAfterItsResolutionIsNewsNotALateTwin() {
    // Prometheus keeps an alert's start across its own restart; Alertmanager, which resolved it meanwhile, then
    // reports it firing again with the same startsAt.
    String name = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    ingest(crashLooping(POD.name(), SignalStatus.RESOLVED));
    store.setPhase(name, RemediationPhase.Completed);
    Instant later = T0.plus(io.kubernaut.ports.remediation.ResolvedAlerts.DEFAULT_LATE_FIRING_WINDOW).plusSeconds(1);

    IntakeOutcome again = intake.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING), later));

    assertThat(again.result()).isEqualTo(Result.CREATED);
    assertThat(store.created()).hasSize(2);
  }

  @Test
  void theLateFiringWindowIsTheConfiguredOneAndZeroTakesNoFiringAsLate() {
    java.time.Duration minute = java.time.Duration.ofMinutes(1);
    InMemoryRemediationStore shortStore = new InMemoryRemediationStore().lateFiringWindow(minute);
    AlertIntake shortIntake = new AlertIntake(shortStore, cluster, new EnvironmentClassifier(Map.of()),
        new StormDetector(StormPolicy.defaults()), TopologyStormWindow.off(), TargetLocator.standard(),
        AlertIntake.DEFAULT_IGNORED_ALERTS, minute);
    String name = shortIntake.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING), T0))
        .remediationName();
    shortIntake.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.RESOLVED), T0));
    shortStore.setPhase(name, RemediationPhase.Completed);

    IntakeOutcome twin = shortIntake.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING),
        T0.plusSeconds(30)));
    IntakeOutcome again = shortIntake.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING),
        T0.plusSeconds(90)));

    assertThat(twin.ignoredBecause()).as("within the minute").isEqualTo(IgnoreReason.ResolvedEpisode);
    assertThat(again.result()).as("past the minute, within the default window").isEqualTo(Result.CREATED);

    InMemoryRemediationStore noWindowStore = new InMemoryRemediationStore().lateFiringWindow(java.time.Duration.ZERO);
    AlertIntake noWindow = new AlertIntake(noWindowStore, cluster, new EnvironmentClassifier(Map.of()),
        new StormDetector(StormPolicy.defaults()), TopologyStormWindow.off(), TargetLocator.standard(),
        AlertIntake.DEFAULT_IGNORED_ALERTS, java.time.Duration.ZERO);
    String first = noWindow.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING), T0))
        .remediationName();
    noWindow.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.RESOLVED), T0));
    noWindowStore.setPhase(first, RemediationPhase.Completed);
    assertThat(noWindow.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING), T0.plusSeconds(1)))
        .result()).as("no window: the twin is news, as before late firings were told apart").isEqualTo(Result.CREATED);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AlertIntake(store, cluster,
        new EnvironmentClassifier(Map.of()), new StormDetector(StormPolicy.defaults()), TopologyStormWindow.off(),
        TargetLocator.standard(), AlertIntake.DEFAULT_IGNORED_ALERTS, java.time.Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aResolutionBesideANewFiringInOneDeliveryIsKeptOnTheRemediationThatDeliveryCreates() {
    List<IntakeOutcome> delivery = intake.ingestAll(List.of(
        new IngestSignalCommand(crashLooping(POD_2.name(), SignalStatus.RESOLVED), T0),
        new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING), T0)));
    String name = delivery.get(1).remediationName();
    assertThat(delivery.get(1).result()).isEqualTo(Result.CREATED);

    IntakeOutcome lateTwin = ingest(crashLooping(POD_2.name(), SignalStatus.FIRING));

    assertThat(lateTwin.ignoredBecause()).isEqualTo(IgnoreReason.ResolvedEpisode);
    assertThat(store.firingOf(name).sources()).containsExactly(sourceOf(POD.name()));
  }

  @Test
  void aLateFiringInADeliveryDoesNotHoldBackTheResolutionOfTheLastPodStillFiring() {
    // A lagging HA peer's view of the group: the first pod still "firing" (resolved a minute ago), the second resolved.
    String name = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    ingest(crashLooping(POD_2.name(), SignalStatus.FIRING));
    ingest(crashLooping(POD.name(), SignalStatus.RESOLVED));

    List<IntakeOutcome> lagging = intake.ingestAll(List.of(
        new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING), T0),
        new IngestSignalCommand(crashLooping(POD_2.name(), SignalStatus.RESOLVED), T0)));

    assertThat(lagging.get(0).ignoredBecause()).isEqualTo(IgnoreReason.ResolvedEpisode);
    assertThat(store.resolution(name)).as("the last pod still firing resolved").contains(T0);
  }

  @Test
  void aSignalWithoutASourceFingerprintOrStartIsNeverTakenForALateFiring() {
    String name = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    ingest(crashLooping(POD_2.name(), SignalStatus.FIRING));
    ingest(crashLooping(POD.name(), SignalStatus.RESOLVED));
    Signal s = crashLooping(POD.name(), SignalStatus.FIRING);
    Signal noStart = new Signal(s.source(), s.name(), s.severity(), s.status(), s.target(), s.labels(), s.annotations(),
        null, s.sourceFingerprint());
    Signal noSource = new Signal(s.source(), s.name(), s.severity(), s.status(), s.target(), s.labels(), s.annotations(),
        T0, "");

    assertThat(ingest(noStart).result()).isEqualTo(Result.DUPLICATE);
    assertThat(ingest(noSource).result()).isEqualTo(Result.DUPLICATE);
    assertThat(store.findByName(name).orElseThrow().duplicates().count()).isEqualTo(3);
  }

  /**
   * A remediation the API server refuses for good (a quota, a policy, too large) rejects its alert alone, with the
   * server's reason: the alerts after it in the delivery are taken in, and the delivery is not failed (its every retry
   * would fail the same way, and never reach them).
   */
  @Test
  void anAlertWhoseRemediationIsRefusedForGoodIsRejectedAloneAndTheRestOfTheDeliveryIsTakenIn() {
    store.refuseForGood("lonely-pod");

    List<IntakeOutcome> delivery = intake.ingestAll(List.of(
        new IngestSignalCommand(crashLooping("lonely-pod", SignalStatus.FIRING), T0),
        new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING), T0)));

    assertThat(delivery).extracting(IntakeOutcome::result).containsExactly(Result.REJECTED, Result.CREATED);
    assertThat(delivery.get(0).message()).startsWith("AlertRemediation kubepodcrashlooping-")
        .contains("could not be stored for alert KubePodCrashLooping, and would not be on a retry")
        .contains("(HTTP 403): exceeded quota.").endsWith("Nothing of this alert was taken in.");
    assertThat(delivery.get(0).remediationName()).isEmpty();
    assertThat(store.created()).singleElement().satisfies(r -> assertThat(r.target()).isEqualTo(DEPLOY));
  }

  @Test
  void aDeliveryThatFailsPartWayCountsNoneOfItsDuplicatesSoItsRetryCountsEachOnce() {
    String name = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    // The delivery: a duplicate of that remediation, then a new problem (a pod no workload owns) whose creation fails.
    List<IngestSignalCommand> delivery = List.of(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING), T0),
        new IngestSignalCommand(crashLooping("lonely-pod", SignalStatus.FIRING), T0));
    store.setFailCreates(true);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> intake.ingestAll(delivery))
        .isInstanceOf(io.kubernaut.ports.failure.RetryableException.class);

    assertThat(store.findByName(name).orElseThrow().duplicates().count()).as("nothing counted for a failed delivery")
        .isZero();
    store.setFailCreates(false);

    List<IntakeOutcome> retried = intake.ingestAll(delivery);

    assertThat(retried).extracting(IntakeOutcome::result).containsExactly(Result.DUPLICATE, Result.CREATED);
    assertThat(retried.get(0).duplicateCount()).isEqualTo(1);
    assertThat(retried.get(0).message()).isEqualTo("Counted as duplicate 1 of active AlertRemediation " + name + ".");
    assertThat(store.findByName(name).orElseThrow().duplicates().count()).as("counted once, by the retry").isEqualTo(1);
  }

  @Test
  void aResolutionWithoutASourceFingerprintResolvesAsBefore() {
    String name = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    ingest(crashLooping(POD_2.name(), SignalStatus.FIRING));
    Signal withoutSource = crashLooping(POD.name(), SignalStatus.RESOLVED);
    withoutSource = new Signal(withoutSource.source(), withoutSource.name(), withoutSource.severity(),
        withoutSource.status(), null, withoutSource.labels(), withoutSource.annotations(), T0, "");

    IntakeOutcome outcome = ingest(withoutSource);

    assertThat(store.resolution(name)).as("which alert resolved cannot be told").contains(T0);
    assertThat(outcome.message()).isEqualTo("Recorded the resolution on AlertRemediation " + name + ".");
    assertThat(store.firingOf(name).sources()).isEmpty();
  }

  @Test
  void alertWithoutAnyTargetLabelIsIgnoredWithItsReasonAndNothingIsPersisted() {
    Signal noTarget = new Signal(SignalSource.PROMETHEUS, "HostClockSkew", "warning", SignalStatus.FIRING, null,
        Map.of("alertname", "HostClockSkew", "instance", "10.0.0.7:9100"), Map.of(), T0, "");
    // A pod label without a namespace names no pod that can be found.
    Signal podWithoutNamespace = new Signal(SignalSource.PROMETHEUS, "PodRestarts", "warning", SignalStatus.FIRING, null,
        Map.of("alertname", "PodRestarts", "pod", "checkout-7d9f"), Map.of(), T0, "");

    for (Signal signal : List.of(noTarget, podWithoutNamespace)) {
      IntakeOutcome outcome = ingest(signal);

      assertThat(outcome.result()).isEqualTo(Result.IGNORED);
      assertThat(outcome.ignoredBecause()).isEqualTo(IgnoreReason.NoTarget);
      assertThat(outcome.message()).contains(signal.name()).contains("names no target");
      assertThat(outcome.remediationName()).isEmpty();
    }
    assertThat(store.created()).isEmpty();
  }

  @Test
  void watchdogAndInfoInhibitorAreIgnoredByNameByDefaultEvenWithATarget() {
    Signal watchdog = new Signal(SignalSource.PROMETHEUS, "Watchdog", "none", SignalStatus.FIRING, null,
        Map.of("alertname", "Watchdog", "namespace", "monitoring"), Map.of(), T0, "");
    Signal inhibitor = new Signal(SignalSource.PROMETHEUS, "InfoInhibitor", "none", SignalStatus.FIRING, null,
        Map.of("alertname", "InfoInhibitor", "namespace", "shop-prod", "pod", POD.name()), Map.of(), T0, "");

    assertThat(List.of(ingest(watchdog), ingest(inhibitor))).allSatisfy(outcome -> {
      assertThat(outcome.result()).isEqualTo(Result.IGNORED);
      assertThat(outcome.ignoredBecause()).isEqualTo(IgnoreReason.IgnoredAlertName);
      assertThat(outcome.message()).contains("list of ignored alerts");
    });
    assertThat(store.created()).isEmpty();
  }

  /**
   * A concurrent delivery creates the problem's next remediation after this one read the remediations and before it
   * asks the audit trail for the names used: the trail names it, so this delivery reads it by name and counts the alert
   * on it, instead of creating the one after it (seen in CI: two remediations of one problem from 20 concurrent posts).
   */
  @Test
  void aRemediationCreatedBetweenTheReadAndTheTrailsNamesTakesTheAlert() {
    String first = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    store.setPhase(first, RemediationPhase.Completed);
    String second = first + "-2";
    AlertIntake racing = namedBy(store, fingerprint -> {
          if (store.findByName(second).isEmpty()) {
            // The concurrent delivery's create lands now, and the trail records its name.
            IntakeOutcome other = intake.ingest(new IngestSignalCommand(crashLooping(POD_2.name(), SignalStatus.FIRING),
                T0.plusSeconds(1)));
            assertThat(other.remediationName()).isEqualTo(second);
          }
          return Optional.of(List.of(first, second));
        });

    IntakeOutcome outcome = racing.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING),
        T0.plusSeconds(1)));

    assertThat(outcome.result()).isEqualTo(Result.DUPLICATE);
    assertThat(outcome.remediationName()).isEqualTo(second);
    assertThat(store.created()).extracting(r -> r.name()).containsExactly(first, second);
  }

  /**
   * Another replica created the problem's next remediation and this replica's lookups by fingerprint do not show it
   * yet, however often they are asked: the name the trail knows is read fresh, and the alert is counted on it.
   */
  @Test
  void aRemediationAnotherReplicaCreatedThatTheLookupsDoNotShowYetTakesTheAlert() {
    String first = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    store.setPhase(first, RemediationPhase.Completed);
    String second = ingest(crashLooping(POD_2.name(), SignalStatus.FIRING)).remediationName();
    assertThat(second).isEqualTo(first + "-2");
    AlertIntake lagging = namedBy(EndingStore.hiding(store, second), fingerprint -> Optional.of(List.of(first, second)));

    IntakeOutcome outcome = lagging.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING),
        T0.plusSeconds(1)));

    assertThat(outcome.result()).isEqualTo(Result.DUPLICATE);
    assertThat(outcome.remediationName()).isEqualTo(second);
    assertThat(store.created()).extracting(r -> r.name()).containsExactly(first, second);
  }

  /**
   * The audit trail cannot tell which names were used (a database outage) and the cluster holds none of the problem's
   * remediations, all deleted by retention perhaps: the first name may have been one of theirs, so the new one is
   * named for the hour instead, and the next one of the same hour after it; with one of the problem's remediations in
   * the cluster the sequence goes on from it.
   */
  @Test
  void withoutTheTrailsAnswerAndNoneOfTheProblemsRemediationsInTheClusterTheNameIsOneNoEarlierRemediationHad() {
    AlertIntake blind = namedBy(store, fingerprint -> Optional.empty());
    Instant at = Instant.parse("2026-12-07T21:10:00Z");
    String hour = Long.toString(at.getEpochSecond() / 3600, 36);

    String first = blind.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING), at)).remediationName();
    String base = RemediationNamer.next("KubePodCrashLooping", store.created().get(0).fingerprint(), List.of());
    assertThat(first).isEqualTo(base + "-t" + hour).hasSizeLessThanOrEqualTo(52);
    store.setPhase(first, RemediationPhase.Completed);
    String second = blind.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING),
        at.plusSeconds(60))).remediationName();
    assertThat(second).as("the next of the same hour").isEqualTo(base + "-t" + hour + "-2");

    InMemoryRemediationStore turned = new InMemoryRemediationStore();
    AlertIntake beforeTheHour = namedBy(turned, fingerprint -> Optional.empty());
    Instant lastSecond = Instant.parse("2026-12-07T21:59:59.900Z");
    String twin = beforeTheHour.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING),
        lastSecond)).remediationName();
    // The twin delivery on another replica, whose lookups by fingerprint do not show the first yet.
    IntakeOutcome afterTheHour = namedBy(EndingStore.hiding(turned, twin), fingerprint -> Optional.empty())
        .ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING), lastSecond.plusMillis(200)));
    assertThat(afterTheHour.remediationName()).as("an HA twin across the hour is counted on the first")
        .isEqualTo(twin);
    assertThat(turned.created()).hasSize(1);

    InMemoryRemediationStore sequenced = new InMemoryRemediationStore();
    AlertIntake known = namedBy(sequenced, fingerprint -> Optional.of(List.of()));
    String named = known.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING), at)).remediationName();
    assertThat(named).isEqualTo(base);
    sequenced.setPhase(named, RemediationPhase.Completed);
    AlertIntake blindOnSequenced = namedBy(sequenced, fingerprint -> Optional.empty());
    assertThat(blindOnSequenced.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING),
        at.plusSeconds(60))).remediationName()).as("a freed name comes before the cluster's: the sequence is safe")
        .isEqualTo(base + "-2");
  }

  /** An intake on {@code remediations} that asks {@code usedNames} for the names the audit trail knows. */
  private AlertIntake namedBy(RemediationStore remediations, RemediationNames usedNames) {
    return new AlertIntake(remediations, cluster, new EnvironmentClassifier(Map.of()),
        new StormDetector(StormPolicy.defaults()), TopologyStormWindow.off(), TargetLocator.standard(),
        AlertIntake.DEFAULT_IGNORED_ALERTS, java.time.Duration.ofMinutes(10), usedNames);
  }

  @Test
  void aConfiguredIgnoreListReplacesTheDefaultAndMatchesNamesExactly() {
    AlertIntake configured = new AlertIntake(store, cluster, new EnvironmentClassifier(Map.of()),
        new StormDetector(StormPolicy.defaults()), TopologyStormWindow.off(),
        TargetLocator.standard(), Set.of("KubePodCrashLooping"));
    Signal watchdogWithTarget = new Signal(SignalSource.PROMETHEUS, "Watchdog", "none", SignalStatus.FIRING, null,
        Map.of("alertname", "Watchdog", "namespace", "shop-prod", "pod", POD.name()), Map.of(), T0, "");
    Signal otherCase = new Signal(SignalSource.PROMETHEUS, "kubepodcrashlooping", "warning", SignalStatus.FIRING, null,
        Map.of("alertname", "kubepodcrashlooping", "namespace", "shop-prod", "pod", POD.name()), Map.of(), T0, "");

    IntakeOutcome listed = configured.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING), T0));
    IntakeOutcome notListed = configured.ingest(new IngestSignalCommand(watchdogWithTarget, T0));
    IntakeOutcome differentCase = configured.ingest(new IngestSignalCommand(otherCase, T0));

    assertThat(listed.ignoredBecause()).isEqualTo(IgnoreReason.IgnoredAlertName);
    assertThat(notListed.result()).isEqualTo(Result.CREATED);
    assertThat(differentCase.result()).isEqualTo(Result.CREATED);
    assertThat(store.created()).hasSize(2);
  }

  @Test
  void aResolvedIgnoredAlertIsIgnoredToo() {
    Signal resolvedWatchdog = new Signal(SignalSource.PROMETHEUS, "Watchdog", "none", SignalStatus.RESOLVED, null,
        Map.of("alertname", "Watchdog"), Map.of(), T0, "");

    assertThat(ingest(resolvedWatchdog).result()).isEqualTo(Result.IGNORED);
  }

  @Test
  void aDeliveryMixingAnIgnoredAndAnActionableAlertCreatesOnlyTheActionableOne() {
    Signal watchdog = new Signal(SignalSource.PROMETHEUS, "Watchdog", "none", SignalStatus.FIRING, null,
        Map.of("alertname", "Watchdog"), Map.of(), T0, "");

    List<IntakeOutcome> outcomes = intake.ingestAll(List.of(new IngestSignalCommand(watchdog, T0),
        new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING), T0)));

    assertThat(outcomes).extracting(IntakeOutcome::result).containsExactly(Result.IGNORED, Result.CREATED);
    assertThat(store.created()).singleElement().satisfies(r -> assertThat(r.target()).isEqualTo(DEPLOY));
  }

  @Test
  void alertWhoseTargetCannotBeAKubernetesObjectNameIsIgnoredWithItsReasonWithoutCreatingAnything() {
    Signal unicodeNamespace = new Signal(SignalSource.PROMETHEUS, "KubePodCrashLooping", "warning", SignalStatus.FIRING,
        null, Map.of("alertname", "KubePodCrashLooping", "namespace", "\u8b66\u544a", "pod", "p-1"), Map.of(), T0, "");
    Signal slashInName = new Signal(SignalSource.PROMETHEUS, "KubePodCrashLooping", "warning", SignalStatus.FIRING,
        null, Map.of("alertname", "KubePodCrashLooping", "namespace", "shop-prod", "pod", "../nodes/x"), Map.of(), T0, "");

    assertThat(ingest(unicodeNamespace).message()).contains("not a Kubernetes object name");
    assertThat(ingest(slashInName)).satisfies(o -> {
      assertThat(o.result()).isEqualTo(Result.IGNORED);
      assertThat(o.ignoredBecause()).isEqualTo(IgnoreReason.InvalidTargetName);
    });
    assertThat(store.created()).isEmpty();
  }

  /**
   * A remediation deleted (retention, or by hand) between the read that found it active and the resolution's write:
   * the resolution needs no action and is answered as such. Before, the store's "no longer exists" failed the whole
   * delivery with a 500, and Alertmanager sent it again.
   */
  @Test
  void aResolutionOfARemediationDeletedAsItArrivesNeedsNoAction() {
    IntakeOutcome created = ingest(crashLooping(POD.name(), SignalStatus.FIRING));
    store.beforeResolution = () -> store.delete(created.remediationName());

    IntakeOutcome resolved = ingest(crashLooping(POD.name(), SignalStatus.RESOLVED));

    assertThat(resolved.result()).isEqualTo(Result.RESOLVED);
    assertThat(resolved.message()).contains(created.remediationName()).contains("was deleted as the resolution arrived");
  }

  @Test
  void unreachableStoreFailsRetryablySoNothingIsAnsweredAsAccepted() {
    store.setUnavailable(true);

    assertThatThrownBy(() -> ingest(crashLooping(POD.name(), SignalStatus.FIRING)))
        .isInstanceOf(RetryableException.class);
  }

  @Test
  void signalForARemediationThatEndedMeanwhileStartsANewOneInsteadOfCountingOnTheEndedOne() {
    String first = ingest(crashLooping(POD.name(), SignalStatus.FIRING)).remediationName();
    RemediationStore endsOnCount = new EndingStore(store, first);
    AlertIntake racing = new AlertIntake(endsOnCount, cluster, new EnvironmentClassifier(Map.of()),
        new StormDetector(StormPolicy.defaults()), TopologyStormWindow.off());

    IntakeOutcome outcome = racing.ingest(new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING), T0));

    assertThat(outcome.result()).isEqualTo(Result.CREATED);
    assertThat(outcome.remediationName()).isEqualTo(first + "-2");
  }

  @Test
  void signalsOfOneDeliverySettleOnTheRemediationItCreatedEvenWhenThatEndedAtOnce() {
    AlertIntake blocking = new AlertIntake(EndingStore.blockingEveryCreation(store), cluster,
        new EnvironmentClassifier(Map.of()), new StormDetector(StormPolicy.defaults()),
        TopologyStormWindow.off());
    IngestSignalCommand first = new IngestSignalCommand(crashLooping(POD.name(), SignalStatus.FIRING), T0);
    IngestSignalCommand second = new IngestSignalCommand(crashLooping(POD_2.name(), SignalStatus.FIRING), T0);

    List<IntakeOutcome> delivery = blocking.ingestAll(List.of(first, second));

    assertThat(delivery).extracting(IntakeOutcome::result).containsExactly(Result.CREATED, Result.DUPLICATE);
    assertThat(delivery.get(1).remediationName()).isEqualTo(delivery.get(0).remediationName());
    assertThat(delivery.get(1).message()).contains("which this delivery created", "Blocked");
    assertThat(store.created()).hasSize(1);

    // The next delivery is a new occurrence: a duplicate only of a remediation that has not ended.
    IntakeOutcome later = blocking.ingest(second);
    assertThat(later.result()).isEqualTo(Result.CREATED);
    assertThat(store.created()).hasSize(2);
  }

  /**
   * A store whose remediation {@code ending} reaches Completed just before a duplicate would be
   * counted on it, or, blocking every creation, whose every new remediation is Blocked at once.
   */
  private static final class EndingStore implements RemediationStore {
    private final InMemoryRemediationStore delegate;
    private final String ending;
    private final boolean blockOnCreate;
    /** A remediation the lookups by fingerprint do not show: a cache behind another replica's create. */
    private final String hidden;

    EndingStore(InMemoryRemediationStore delegate, String ending) {
      this(delegate, ending, false, "");
    }

    private EndingStore(InMemoryRemediationStore delegate, String ending, boolean blockOnCreate, String hidden) {
      this.delegate = delegate;
      this.ending = ending;
      this.blockOnCreate = blockOnCreate;
      this.hidden = hidden;
    }

    static EndingStore blockingEveryCreation(InMemoryRemediationStore delegate) {
      return new EndingStore(delegate, "", true, "");
    }

    static EndingStore hiding(InMemoryRemediationStore delegate, String name) {
      return new EndingStore(delegate, "", false, name);
    }

    @Override
    public java.util.List<io.kubernaut.ports.remediation.RemediationSummary> findByFingerprint(
        io.kubernaut.ports.signal.Fingerprint fingerprint) {
      return delegate.findByFingerprint(fingerprint).stream().filter(r -> !r.name().equals(hidden)).toList();
    }

    @Override
    public java.util.Optional<io.kubernaut.ports.remediation.RemediationSummary> findByName(String name) {
      return delegate.findByName(name);
    }

    @Override
    public void create(io.kubernaut.ports.remediation.NewRemediation remediation) {
      delegate.create(remediation);
      if (blockOnCreate) {
        delegate.setPhase(remediation.name(), RemediationPhase.Blocked);
      }
    }

    @Override
    public java.util.Optional<io.kubernaut.ports.remediation.RemediationSummary> recordDuplicate(String name, Instant at) {
      if (name.equals(ending)) {
        delegate.setPhase(name, RemediationPhase.Completed);
      }
      return delegate.recordDuplicate(name, at);
    }

    @Override
    public boolean queueStorm(String name, io.kubernaut.ports.remediation.StormCrossing crossing) {
      return delegate.queueStorm(name, crossing);
    }

    @Override
    public void recordFiring(String name, List<SourceAlert> alerts, Instant at) {
      delegate.recordFiring(name, alerts, at);
    }

    @Override
    public void recordResolutions(String name, List<SourceAlert> alerts, Instant at) {
      delegate.recordResolutions(name, alerts, at);
    }

    @Override
    public boolean tracksFiring(String name, String source) {
      return delegate.tracksFiring(name, source);
    }

    @Override
    public io.kubernaut.ports.remediation.RecordedResolution recordResolution(String name, Instant at, String source,
        Instant startsAt, boolean othersFire) {
      return delegate.recordResolution(name, at, source, startsAt, othersFire);
    }

    @Override
    public void recordResolvedEpisode(String name, Instant at, String source, Instant startsAt) {
      delegate.recordResolvedEpisode(name, at, source, startsAt);
    }
  }
}

package io.kubernaut.core.storm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.core.classification.EnvironmentClassifier;
import io.kubernaut.core.fakes.InMemoryClusterInspector;
import io.kubernaut.core.fakes.InMemoryRemediationStore;
import io.kubernaut.core.intake.AlertIntake;
import io.kubernaut.ports.in.IngestSignalCommand;
import io.kubernaut.ports.in.IntakeOutcome;
import io.kubernaut.ports.in.IntakeOutcome.Result;
import io.kubernaut.ports.signal.Signal;
import io.kubernaut.ports.signal.SignalSource;
import io.kubernaut.ports.signal.SignalStatus;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Many distinct resources firing one alertname within a window fold into one storm remediation. */
class TopologyStormTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  private final InMemoryRemediationStore store = new InMemoryRemediationStore();

  private AlertIntake intake(TopologyStormWindow window) {
    return new AlertIntake(store, new InMemoryClusterInspector(), new EnvironmentClassifier(Map.of()),
        new StormDetector(StormPolicy.defaults()), window);
  }

  private static IngestSignalCommand nodeDown(String node, Instant at) {
    return new IngestSignalCommand(new Signal(SignalSource.PROMETHEUS, "KubeDeploymentReplicasMismatch", "critical",
        SignalStatus.FIRING, null, Map.of("alertname", "KubeDeploymentReplicasMismatch", "namespace", "shop-prod",
            "deployment", node), Map.of(), at, ""), at);
  }

  @Test
  void sixthDistinctResourceWithinTwoMinutesFoldsIntoOneStormRemediationListingAllSix() {
    AlertIntake intake = intake(new TopologyStormWindow(5, Duration.ofMinutes(2)));
    List<IntakeOutcome> outcomes = IntStream.rangeClosed(1, 8)
        .mapToObj(i -> intake.ingest(nodeDown("app-" + i, T0.plusSeconds(10L * i)))).toList();

    assertThat(outcomes.subList(0, 5)).allMatch(o -> o.result() == Result.CREATED);
    assertThat(outcomes.subList(5, 8)).allMatch(o -> o.result() == Result.AGGREGATED);
    assertThat(outcomes.subList(5, 8)).extracting(IntakeOutcome::remediationName).containsOnly(outcomes.get(5).remediationName());
    assertThat(store.created()).hasSize(6).last().satisfies(storm -> {
      assertThat(storm.name()).startsWith("kubedeploymentreplicasmi-storm-");
      assertThat(storm.target()).isEqualTo(new TargetRef("Namespace", "", "shop-prod"));
      assertThat(storm.affectedResources()).hasSize(6).contains(new TargetRef("Deployment", "shop-prod", "app-1"),
          new TargetRef("Deployment", "shop-prod", "app-6"));
    });
    assertThat(outcomes.get(7).duplicateCount()).isEqualTo(2);
  }

  /** A Deployment's alert with its own Alertmanager fingerprint ({@code src-<name>}), as Alertmanager sends them. */
  private static IngestSignalCommand deploymentAlert(String name, SignalStatus status, Instant at) {
    return new IngestSignalCommand(new Signal(SignalSource.PROMETHEUS, "KubeDeploymentReplicasMismatch", "critical",
        status, null, Map.of("alertname", "KubeDeploymentReplicasMismatch", "namespace", "shop-prod", "deployment", name),
        Map.of(), T0, "src-" + name), at);
  }

  /** The Deployments' alerts fired one after the other, a second after {@code T0}. */
  private static List<IntakeOutcome> fire(AlertIntake intake, String... deployments) {
    return java.util.Arrays.stream(deployments)
        .map(n -> intake.ingest(deploymentAlert(n, SignalStatus.FIRING, T0.plusSeconds(1)))).toList();
  }

  /**
   * A storm tracks the alerts folded into it, its creator's included, and is resolved when the last of them has
   * resolved, not by the first; an alert that had a remediation of its own resolves that one and leaves the storm.
   */
  @Test
  void aStormIsResolvedOnceEveryAlertFoldedIntoItHasResolved() {
    AlertIntake intake = intake(new TopologyStormWindow(2, Duration.ofMinutes(2)));
    List<IntakeOutcome> fired = fire(intake, "a", "b", "c", "d", "e");
    assertThat(fired).extracting(IntakeOutcome::result)
        .containsExactly(Result.CREATED, Result.CREATED, Result.AGGREGATED, Result.AGGREGATED, Result.AGGREGATED);
    String storm = fired.get(2).remediationName();
    assertThat(store.firingOf(storm).sources()).containsExactly("src-c", "src-d", "src-e");

    IntakeOutcome d = intake.ingest(deploymentAlert("d", SignalStatus.RESOLVED, T0.plusSeconds(60)));
    assertThat(d.result()).isEqualTo(Result.RESOLVED);
    assertThat(d.remediationName()).isEqualTo(storm);
    assertThat(d.message()).contains("2 other alert(s)");
    assertThat(store.resolution(storm)).as("two folded alerts still fire").isEmpty();

    IntakeOutcome a = intake.ingest(deploymentAlert("a", SignalStatus.RESOLVED, T0.plusSeconds(61)));
    assertThat(a.remediationName()).as("its own remediation").isEqualTo(fired.get(0).remediationName());
    assertThat(store.resolution(fired.get(0).remediationName())).isPresent();
    assertThat(store.firingOf(storm).sources()).containsExactly("src-c", "src-e");

    intake.ingest(deploymentAlert("c", SignalStatus.RESOLVED, T0.plusSeconds(62)));
    assertThat(store.resolution(storm)).isEmpty();
    IntakeOutcome e = intake.ingest(deploymentAlert("e", SignalStatus.RESOLVED, T0.plusSeconds(63)));
    assertThat(e.message()).isEqualTo("Recorded the resolution on AlertRemediation " + storm + ".");
    assertThat(store.resolution(storm)).contains(T0.plusSeconds(63));
  }

  /**
   * In one delivery, an alert folding into the storm holds it, though the only alert it tracked resolves beside it:
   * the delivery's firing alerts are recorded before its resolutions strike theirs off.
   */
  @Test
  void aDeliveryThatResolvesTheLastTrackedAlertWhileAnotherFoldsInLeavesTheStormFiring() {
    AlertIntake intake = intake(new TopologyStormWindow(2, Duration.ofMinutes(2)));
    List<IntakeOutcome> fired = fire(intake, "a", "b", "c");
    String storm = fired.get(2).remediationName();
    assertThat(store.firingOf(storm).sources()).containsExactly("src-c");

    List<IntakeOutcome> delivery = intake.ingestAll(List.of(
        deploymentAlert("c", SignalStatus.RESOLVED, T0.plusSeconds(30)),
        deploymentAlert("f", SignalStatus.FIRING, T0.plusSeconds(30))));

    assertThat(delivery).extracting(IntakeOutcome::remediationName).containsExactly(storm, storm);
    assertThat(store.firingOf(storm).sources()).containsExactly("src-f");
    assertThat(store.resolution(storm)).isEmpty();
    intake.ingest(deploymentAlert("f", SignalStatus.RESOLVED, T0.plusSeconds(40)));
    assertThat(store.resolution(storm)).contains(T0.plusSeconds(40));
  }

  /**
   * Many resources folding into a storm in one delivery (Alertmanager groups them) are recorded on it together: one
   * call of the store for the storm, each a status write at most, not one per member.
   */
  @Test
  void aDeliveryOfManyMembersRecordsThemOnTheStormAtOnce() {
    AlertIntake intake = intake(new TopologyStormWindow(2, Duration.ofMinutes(2)));
    String storm = fire(intake, "a", "b", "c").get(2).remediationName();
    int before = store.firingCalls(storm);

    List<IntakeOutcome> delivery = intake.ingestAll(IntStream.rangeClosed(1, 20)
        .mapToObj(i -> deploymentAlert("m" + i, SignalStatus.FIRING, T0.plusSeconds(30))).toList());

    assertThat(delivery).extracting(IntakeOutcome::remediationName).containsOnly(storm);
    assertThat(store.firingCalls(storm) - before).isEqualTo(1);
    assertThat(store.firingOf(storm).sources()).hasSize(21).startsWith("src-c", "src-m1").endsWith("src-m20");
  }

  /**
   * The storm's members resolving in one delivery are struck off it together, one call of the store for the storm:
   * all but one leave it firing; the last one's resolution, in a later delivery, resolves it.
   */
  @Test
  void aDeliveryOfManyResolutionsStrikesThemOffTheStormAtOnce() {
    AlertIntake intake = intake(new TopologyStormWindow(2, Duration.ofMinutes(2)));
    String storm = fire(intake, "a", "b", "c").get(2).remediationName();
    intake.ingestAll(IntStream.rangeClosed(1, 20)
        .mapToObj(i -> deploymentAlert("m" + i, SignalStatus.FIRING, T0.plusSeconds(30))).toList());

    List<IntakeOutcome> resolved = intake.ingestAll(IntStream.rangeClosed(1, 20)
        .mapToObj(i -> deploymentAlert("m" + i, SignalStatus.RESOLVED, T0.plusSeconds(60))).toList());

    assertThat(resolved).allSatisfy(o -> {
      assertThat(o.result()).isEqualTo(Result.RESOLVED);
      assertThat(o.remediationName()).isEqualTo(storm);
    });
    assertThat(store.resolutionCalls(storm)).isEqualTo(1);
    assertThat(store.firingOf(storm).sources()).containsExactly("src-c");
    assertThat(store.resolution(storm)).as("src-c still fires").isEmpty();

    intake.ingestAll(List.of(deploymentAlert("c", SignalStatus.RESOLVED, T0.plusSeconds(70))));
    assertThat(store.resolution(storm)).contains(T0.plusSeconds(70));
  }

  /**
   * A member's firing that comes late (an Alertmanager HA peer's twin delivery) after it resolved the storm, which has
   * ended since: the storm records the episode, so it is ignored, and starts neither a storm nor a remediation.
   */
  @Test
  void aLateFiringOfAnAlertThatResolvedAStormThatEndedStartsNothing() {
    AlertIntake intake = intake(new TopologyStormWindow(2, Duration.ofMinutes(2)));
    String storm = fire(intake, "a", "b", "c").get(2).remediationName();
    intake.ingest(deploymentAlert("c", SignalStatus.RESOLVED, T0.plusSeconds(30)));
    assertThat(store.resolution(storm)).isPresent();
    store.setPhase(storm, io.kubernaut.ports.remediation.RemediationPhase.Completed);
    int created = store.created().size();

    IntakeOutcome late = intake.ingest(deploymentAlert("c", SignalStatus.FIRING, T0.plusSeconds(60)));

    assertThat(late.result()).isEqualTo(Result.IGNORED);
    assertThat(late.ignoredBecause()).isEqualTo(IntakeOutcome.IgnoreReason.ResolvedEpisode);
    assertThat(late.message()).contains(storm);
    assertThat(store.created()).hasSize(created);
  }

  /** An alert folded into its namespace's storm and then into the cluster's is struck off both as it resolves. */
  @Test
  void anAlertTrackedByItsNamespacesStormAndTheClustersIsStruckOffBoth() {
    AlertIntake intake = intake(new TopologyStormWindow(2, Duration.ofMinutes(2)));
    String namespaceStorm = fire(intake, "a", "b", "c").get(2).remediationName();
    IntakeOutcome elsewhere = intake.ingest(new IngestSignalCommand(new Signal(SignalSource.PROMETHEUS,
        "KubeDeploymentReplicasMismatch", "critical", SignalStatus.FIRING, null, Map.of("alertname",
            "KubeDeploymentReplicasMismatch", "namespace", "shop-staging", "deployment", "d"), Map.of(), T0, "src-d"),
        T0.plusSeconds(2)));
    String clusterStorm = elsewhere.remediationName();
    assertThat(clusterStorm).isNotEqualTo(namespaceStorm);
    intake.ingest(deploymentAlert("c", SignalStatus.FIRING, T0.plusSeconds(3))); // c's resend folds into the cluster's
    assertThat(store.firingOf(namespaceStorm).sources()).contains("src-c");
    assertThat(store.firingOf(clusterStorm).sources()).contains("src-c", "src-d");

    intake.ingest(deploymentAlert("c", SignalStatus.RESOLVED, T0.plusSeconds(30)));

    assertThat(store.firingOf(namespaceStorm).sources()).doesNotContain("src-c");
    assertThat(store.firingOf(clusterStorm).sources()).containsExactly("src-d");
    assertThat(store.resolution(namespaceStorm)).as("c was the only alert it tracked").isPresent();
    assertThat(store.resolution(clusterStorm)).as("d still fires").isEmpty();
  }

  /** An alert folded into a storm that later got a remediation of its own: its resolution resolves both. */
  @Test
  void anAlertTrackedByAStormAndByARemediationOfItsOwnResolvesBoth() {
    AlertIntake intake = intake(new TopologyStormWindow(2, Duration.ofMinutes(2)));
    String storm = fire(intake, "a", "b", "c").get(2).remediationName();
    // Past the window the storm is still active, and c's next firing is a problem of its own.
    IntakeOutcome own = intake.ingest(deploymentAlert("c", SignalStatus.FIRING, T0.plusSeconds(200)));
    assertThat(own.result()).isEqualTo(Result.CREATED);
    assertThat(store.firingOf(storm).sources()).containsExactly("src-c");

    IntakeOutcome resolved = intake.ingest(deploymentAlert("c", SignalStatus.RESOLVED, T0.plusSeconds(210)));

    assertThat(resolved.remediationName()).as("its own remediation answers").isEqualTo(own.remediationName());
    assertThat(store.resolution(own.remediationName())).contains(T0.plusSeconds(210));
    assertThat(store.resolution(storm)).as("struck off the storm too, its last").contains(T0.plusSeconds(210));
  }

  /** A storm that does not track an alert (it fired before the storm, with a remediation of its own) keeps firing. */
  @Test
  void theResolutionOfAnAlertTheStormDoesNotTrackLeavesTheStormAlone() {
    AlertIntake intake = intake(new TopologyStormWindow(2, Duration.ofMinutes(2)));
    List<IntakeOutcome> fired = fire(intake, "a", "b", "c");
    String storm = fired.get(2).remediationName();
    store.setPhase(fired.get(0).remediationName(), io.kubernaut.ports.remediation.RemediationPhase.Completed);

    IntakeOutcome a = intake.ingest(deploymentAlert("a", SignalStatus.RESOLVED, T0.plusSeconds(30)));

    assertThat(a.remediationName()).isEmpty();
    assertThat(a.message()).contains("No active remediation");
    assertThat(store.firingOf(storm).sources()).containsExactly("src-c");
    assertThat(store.resolution(storm)).isEmpty();
  }

  /**
   * Two replicas behind one Service, each with its own window: a storm the first folded takes the alerts the second is
   * sent while the storm is within the window, though the second's own window has not seen enough to fold (before,
   * the second created a remediation per resource until its own count crossed); past the window, as on the first, a
   * firing is a problem of its own.
   */
  @Test
  void aStormAnotherReplicaFoldedTakesTheAlertsThisReplicaIsSentWithinTheWindow() {
    AlertIntake first = intake(new TopologyStormWindow(3, Duration.ofMinutes(2)));
    AlertIntake second = intake(new TopologyStormWindow(3, Duration.ofMinutes(2)));
    List<IntakeOutcome> onFirst = IntStream.rangeClosed(1, 4)
        .mapToObj(i -> first.ingest(nodeDown("app-" + i, T0.plusSeconds(i)))).toList();
    assertThat(onFirst.get(3).result()).isEqualTo(Result.AGGREGATED);
    String storm = onFirst.get(3).remediationName();

    IntakeOutcome onSecond = second.ingest(nodeDown("app-5", T0.plusSeconds(10)));

    assertThat(onSecond.result()).isEqualTo(Result.AGGREGATED);
    assertThat(onSecond.remediationName()).isEqualTo(storm);
    assertThat(second.ingest(nodeDown("app-6", T0.plusSeconds(200))).result()).as("past the window")
        .isEqualTo(Result.CREATED);
  }

  @Test
  void resourcesSpreadBeyondTheWindowEachGetTheirOwnRemediation() {
    AlertIntake intake = intake(new TopologyStormWindow(5, Duration.ofMinutes(2)));
    List<IntakeOutcome> outcomes = IntStream.rangeClosed(1, 8)
        .mapToObj(i -> intake.ingest(nodeDown("app-" + i, T0.plus(Duration.ofMinutes(i))))).toList();

    assertThat(outcomes).allMatch(o -> o.result() == Result.CREATED);
  }

  @Test
  void turnedOffNeverFolds() {
    AlertIntake intake = intake(TopologyStormWindow.off());
    List<IntakeOutcome> outcomes = IntStream.rangeClosed(1, 8)
        .mapToObj(i -> intake.ingest(nodeDown("app-" + i, T0.plusSeconds(i)))).toList();

    assertThat(outcomes).allMatch(o -> o.result() == Result.CREATED);
    assertThat(store.created()).hasSize(8);
  }

  @Test
  void stormAcrossNamespacesTargetsTheWholeCluster() {
    assertThat(TopologyStorm.targetOf(List.of(new TargetRef("Pod", "a", "p"), new TargetRef("Pod", "b", "q"))))
        .isEqualTo(new TargetRef("Cluster", "", "all-namespaces"));
  }

  @Test
  void configuredWindowParsesNOverWindowAndOffAndRejectsNonsense() {
    AlertIntake intake = intake(TopologyStormWindow.parse("2/30s"));
    List<IntakeOutcome> outcomes = IntStream.rangeClosed(1, 3)
        .mapToObj(i -> intake.ingest(nodeDown("app-" + i, T0.plusSeconds(i)))).toList();

    assertThat(outcomes).extracting(IntakeOutcome::result).containsExactly(Result.CREATED, Result.CREATED, Result.AGGREGATED);
    assertThat(TopologyStormWindow.parse("off").observe("A", new TargetRef("Pod", "a", "p"), T0)).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TopologyStormWindow.parse("five in two"))
        .hasMessageContaining("5/2m");
  }

  @Test
  void aResourceFiringAgainCountsOnceStaysInTheWindowWhileItFiresAndTheStormListsTheFirstToFireFirst() {
    TopologyStormWindow window = new TopologyStormWindow(2, Duration.ofMinutes(2));
    TargetRef a = new TargetRef("Deployment", "shop-prod", "a");
    TargetRef b = new TargetRef("Deployment", "shop-prod", "b");
    TargetRef c = new TargetRef("Deployment", "shop-prod", "c");

    for (int i = 0; i < 200; i++) { // a's duplicates, every 30 s: one resource, however often it fires
      assertThat(window.observe("Down", a, T0.plusSeconds(30L * i))).isEmpty();
    }
    Instant later = T0.plusSeconds(30L * 200);
    assertThat(window.observe("Down", b, later)).isEmpty();
    assertThat(window.observe("Other", c, later)).as("another alertname").isEmpty();
    assertThat(window.observe("Down", c, later.plusSeconds(1))).contains(List.of(a, b, c));

    // b and c stop firing; a goes on. Past the window only a is left, and two new resources are needed again.
    Instant past = later.plus(Duration.ofMinutes(3));
    assertThat(window.observe("Down", a, past)).isEmpty();
    assertThat(window.observe("Down", b, past)).isEmpty();
  }

  @Test
  void atMostMaxTrackedResourcesAreKeptPerAlertnameTheLeastRecentlyFiringDroppedFirst() {
    TopologyStormWindow window = new TopologyStormWindow(TopologyStormWindow.MAX_TRACKED + 10, Duration.ofHours(1));
    for (int i = 0; i < TopologyStormWindow.MAX_TRACKED + 50; i++) {
      assertThat(window.observe("Down", new TargetRef("Pod", "shop-prod", "p-" + i), T0.plusMillis(i)))
          .as("never more than %d tracked, so never more than the limit of %d", TopologyStormWindow.MAX_TRACKED,
              TopologyStormWindow.MAX_TRACKED + 10).isEmpty();
    }
  }

  @Test
  void atMostMaxAlertnamesAreKeptTheLeastRecentlyFiringDroppedFirstByASweepThatComesOncePerTenthOfTheBound() {
    TopologyStormWindow window = new TopologyStormWindow(1, Duration.ofHours(1));
    TargetRef a = new TargetRef("Pod", "shop-prod", "a");
    int names = 3 * TopologyStormWindow.MAX_ALERTNAMES;
    for (int i = 0; i < names; i++) { // all within the window: none expires
      window.observe("Alert" + i, a, T0.plusMillis(i));
      assertThat(window.trackedAlertNames()).as("bounded after %d alertnames", i + 1)
          .isLessThanOrEqualTo(TopologyStormWindow.MAX_ALERTNAMES);
    }
    int perSweep = TopologyStormWindow.MAX_ALERTNAMES - TopologyStormWindow.SWEPT_TO;
    assertThat(window.sweeps()).as("one sweep per %d new alertnames, not one per signal", perSweep)
        .isBetween(1, (names - TopologyStormWindow.MAX_ALERTNAMES) / perSweep);
    // The most recent alertnames are still tracked (a second resource folds), the oldest were forgotten.
    TargetRef b = new TargetRef("Pod", "shop-prod", "b");
    Instant now = T0.plusMillis(names);
    assertThat(window.observe("Alert" + (names - 1), b, now)).as("the last alertname still fires").isPresent();
    assertThat(window.observe("Alert0", b, now)).as("the first alertname was forgotten").isEmpty();
  }

  /**
   * Alertnames few enough for the count's bound but each firing on a thousand resources with long names: the weight
   * bound sweeps the least recently firing, so the window never holds more than {@code MAX_WEIGHT}. Before, 10,000
   * such alertnames could hold gigabytes until a restart.
   */
  @Test
  void theWindowNeverWeighsMoreThanItsBoundTheLeastRecentlyFiringSweptFirst() {
    TopologyStormWindow window = new TopologyStormWindow(TopologyStormWindow.MAX_TRACKED - 1, Duration.ofHours(1));
    String longName = "p".repeat(240);
    int names = 150;
    for (int n = 0; n < names; n++) {
      for (int r = 0; r < TopologyStormWindow.MAX_TRACKED; r++) {
        window.observe("Alert" + n + "-" + "a".repeat(200), new TargetRef("Pod", "shop-prod", longName + r),
            T0.plusMillis(n * 1000L + r));
      }
      assertThat(window.weight()).as("after alertname %d", n).isLessThanOrEqualTo(TopologyStormWindow.MAX_WEIGHT);
    }
    assertThat(window.sweeps()).as("the bound was reached").isPositive();
    assertThat(window.trackedAlertNames()).as("the oldest alertnames were swept").isLessThan(names);
    // The most recent alertname is still tracked with its thousand resources: it folds (more than the limit, 999).
    assertThat(window.observe("Alert" + (names - 1) + "-" + "a".repeat(200), new TargetRef("Pod", "shop-prod", "new-one"),
        T0.plusMillis(names * 1000L))).isPresent();
  }

  @Test
  void alertnamesThatAllLastFiredAtTheSameInstantAreSweptDownToTheBoundAllTheSame() {
    TopologyStormWindow window = new TopologyStormWindow(1, Duration.ofHours(1));
    TargetRef a = new TargetRef("Pod", "shop-prod", "a");
    for (int i = 0; i <= TopologyStormWindow.MAX_ALERTNAMES; i++) { // one over the bound, every one at T0
      window.observe("Same" + i, a, T0);
    }
    assertThat(window.sweeps()).isEqualTo(1);
    assertThat(window.trackedAlertNames()).isEqualTo(TopologyStormWindow.SWEPT_TO);
  }

  @Test
  void aSweepDropsTheAlertnamesThatLastFiredBeforeTheWindowFirst() {
    TopologyStormWindow window = new TopologyStormWindow(1, Duration.ofMinutes(2));
    TargetRef a = new TargetRef("Pod", "shop-prod", "a");
    window.observe("Recent", a, T0.plus(Duration.ofMinutes(10)).minusSeconds(1));
    for (int i = 0; i < TopologyStormWindow.MAX_ALERTNAMES - 1; i++) { // up to the bound, not over it
      window.observe("Old" + i, a, T0);
    }
    // The next new alertname, ten minutes on, goes over the bound: every "Old" alertname is out of the window.
    window.observe("New", a, T0.plus(Duration.ofMinutes(10)));
    assertThat(window.trackedAlertNames()).isEqualTo(2);
    assertThat(window.observe("Recent", new TargetRef("Pod", "shop-prod", "b"), T0.plus(Duration.ofMinutes(10))))
        .as("kept, though it fired before all but one of the forgotten").isPresent();
  }
}

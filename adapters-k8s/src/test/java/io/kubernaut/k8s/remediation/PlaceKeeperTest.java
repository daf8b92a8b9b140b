package io.kubernaut.k8s.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.fakes.Resources;
import io.kubernaut.ports.pipeline.Phase;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.PipelinePlace;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pipeline's places: a limit on the remediations that work at once, the rest served oldest first. */
class PlaceKeeperTest {

  private final List<AlertRemediation> cache = new ArrayList<>();
  private final Map<String, Phase> workflows = new HashMap<>();
  private final List<String> turns = new ArrayList<>();
  private final java.util.Set<String> gone = new java.util.HashSet<>();
  /** How often the keeper asked whether a remediation still exists. */
  private int existenceChecks;

  private PlaceKeeper keeper(int limit) {
    PlaceKeeper keeper = new PlaceKeeper(limit, () -> cache, ar -> workflows.get(ar.getMetadata().getName()),
        id -> {
          existenceChecks++;
          return !gone.contains(id.getName());
        });
    EventSource<Void, AlertRemediation> source = keeper.turns();
    source.setEventHandler(event -> turns.add(event.getRelatedCustomResourceID().getName()));
    source.start();
    return keeper;
  }

  /** A remediation created {@code second} seconds after the first, in {@code phase} (null: new). */
  private static AlertRemediation ar(String name, int second, RemediationPhase phase) {
    AlertRemediation ar = Resources.remediation(Resources.NS, name, null);
    ar.getMetadata().setCreationTimestamp(Resources.RECEIVED.plusSeconds(second).toString());
    if (phase != null) {
      AlertRemediationStatus status = new AlertRemediationStatus();
      status.setPhase(phase);
      ar.setStatus(status);
    }
    return ar;
  }

  @BeforeEach
  void clear() {
    turns.clear();
  }

  @Test
  void theFirstRemediationsUpToTheLimitTakeAPlaceAndTheNextWaitsCountingThoseAheadOfIt() {
    PlaceKeeper keeper = keeper(2);
    assertThat(keeper.place(ar("a", 0, null))).isEqualTo(new PipelinePlace(true, 1, 2, 0));
    keeper.settle(ar("a", 0, null), RemediationPhase.Processing, null);
    assertThat(keeper.place(ar("b", 1, null))).isEqualTo(new PipelinePlace(true, 2, 2, 0));
    keeper.settle(ar("b", 1, null), RemediationPhase.Processing, null);
    assertThat(keeper.place(ar("c", 2, null))).isEqualTo(new PipelinePlace(false, 2, 2, 0));
    assertThat(keeper.place(ar("d", 3, RemediationPhase.Pending))).isEqualTo(new PipelinePlace(false, 2, 2, 1));
    // Asked again, a waiting one keeps its rank.
    assertThat(keeper.place(ar("c", 2, RemediationPhase.Pending))).isEqualTo(new PipelinePlace(false, 2, 2, 0));
    assertThat(turns).isEmpty();
  }

  @Test
  void aPlaceThatFreesGoesToTheOldestWaitingRemediationEvenIfAYoungerOneAsksFirst() {
    PlaceKeeper keeper = keeper(1);
    keeper.place(ar("a", 0, null));
    keeper.settle(ar("a", 0, null), RemediationPhase.Processing, null);
    keeper.place(ar("c", 2, null));
    keeper.place(ar("b", 1, null));

    keeper.settle(ar("a", 0, RemediationPhase.Processing), RemediationPhase.Completed, null);

    assertThat(turns).containsExactly("b");
    assertThat(keeper.place(ar("c", 2, RemediationPhase.Pending)).held()).isFalse();
    assertThat(keeper.place(ar("b", 1, RemediationPhase.Pending))).isEqualTo(new PipelinePlace(true, 1, 1, 0));
    keeper.settle(ar("b", 1, RemediationPhase.Pending), RemediationPhase.Processing, null);
    assertThat(keeper.place(ar("c", 2, RemediationPhase.Pending))).isEqualTo(new PipelinePlace(false, 1, 1, 0));
  }

  @Test
  void awaitingApprovalAndAMonitoringWorkflowHoldNoPlaceButExecutingStepsDoes() {
    PlaceKeeper keeper = keeper(1);
    keeper.place(ar("a", 0, null));
    keeper.settle(ar("a", 0, null), RemediationPhase.Processing, null);
    keeper.place(ar("b", 1, null));

    keeper.settle(ar("a", 0, RemediationPhase.Analyzing), RemediationPhase.AwaitingApproval, null);
    assertThat(turns).containsExactly("b");
    keeper.place(ar("b", 1, RemediationPhase.Pending));
    keeper.settle(ar("b", 1, RemediationPhase.Pending), RemediationPhase.Processing, null);
    keeper.settle(ar("b", 1, RemediationPhase.Processing), RemediationPhase.Executing, WorkflowPhase.Executing);
    keeper.place(ar("c", 2, null));
    assertThat(turns).containsExactly("b");

    keeper.settle(ar("b", 1, RemediationPhase.Executing), RemediationPhase.Executing, WorkflowPhase.Monitoring);
    assertThat(turns).containsExactly("b", "c");
  }

  @Test
  void anApprovedRemediationTakesItsPlaceBackAtOnceEvenAboveTheLimit() {
    PlaceKeeper keeper = keeper(1);
    keeper.place(ar("b", 1, null));
    keeper.settle(ar("b", 1, null), RemediationPhase.Processing, null);

    keeper.settle(ar("a", 0, RemediationPhase.AwaitingApproval), RemediationPhase.Executing, null);

    assertThat(keeper.place(ar("c", 2, null))).isEqualTo(new PipelinePlace(false, 2, 1, 0));
    keeper.settle(ar("b", 1, RemediationPhase.Processing), RemediationPhase.Failed, null);
    assertThat(turns).as("one place is still taken, by the approved remediation, and the limit is one").isEmpty();
    keeper.settle(ar("a", 0, RemediationPhase.Executing), RemediationPhase.Completed, null);
    assertThat(turns).containsExactly("c");
  }

  @Test
  void aWaitingRemediationThatEndsOrIsDeletedLeavesTheLineAndADeletedWorkingOneFreesItsPlace() {
    PlaceKeeper keeper = keeper(1);
    keeper.place(ar("a", 0, null));
    keeper.settle(ar("a", 0, null), RemediationPhase.Processing, null);
    keeper.place(ar("b", 1, null));
    keeper.place(ar("c", 2, null));
    keeper.place(ar("d", 3, null));

    keeper.settle(ar("b", 1, RemediationPhase.Pending), RemediationPhase.Cancelled, null);
    keeper.forget(ar("c", 2, RemediationPhase.Pending));
    assertThat(keeper.place(ar("d", 3, RemediationPhase.Pending)).ahead()).isZero();
    assertThat(turns).isEmpty();

    keeper.forget(ar("a", 0, RemediationPhase.Processing));
    assertThat(turns).containsExactly("d");
  }

  @Test
  void aRemediationGoneWithoutItsCleanupHoldsNeitherAPlaceNorATurn() {
    PlaceKeeper keeper = keeper(1);
    keeper.place(ar("a", 0, null));
    keeper.settle(ar("a", 0, null), RemediationPhase.Processing, null);
    keeper.place(ar("b", 1, null));
    assertThat(keeper.place(ar("c", 2, null))).isEqualTo(new PipelinePlace(false, 1, 1, 1));

    gone.add("a"); // its finalizer removed by hand and deleted: no cleanup, no end
    gone.add("b");

    assertThat(keeper.place(ar("c", 2, RemediationPhase.Pending))).isEqualTo(new PipelinePlace(true, 1, 1, 0));
  }

  @Test
  void aFreedPlaceSkipsAWaitingRemediationGoneWithoutItsCleanupAndWakesTheNextInstead() {
    PlaceKeeper keeper = keeper(1);
    keeper.place(ar("a", 0, null));
    keeper.settle(ar("a", 0, null), RemediationPhase.Processing, null);
    keeper.place(ar("b", 1, null));
    keeper.place(ar("c", 2, null));
    gone.add("b");

    keeper.settle(ar("a", 0, RemediationPhase.Processing), RemediationPhase.Completed, null);

    assertThat(turns).as("b's turn would wake nothing and leave the place free").containsExactly("c");
    assertThat(keeper.place(ar("c", 2, RemediationPhase.Pending))).isEqualTo(new PipelinePlace(true, 1, 1, 0));
  }

  @Test
  void aPlaceFreedFromAWorkingRemediationGoneWithoutItsCleanupGoesToTheOldestWaitingOneNotToTheNewcomer() {
    PlaceKeeper keeper = keeper(1);
    keeper.place(ar("a", 0, null));
    keeper.settle(ar("a", 0, null), RemediationPhase.Processing, null);
    keeper.place(ar("b", 1, null));
    gone.add("a");

    assertThat(keeper.place(ar("c", 2, null))).isEqualTo(new PipelinePlace(false, 0, 1, 1));

    assertThat(turns).as("b, ahead of c, hears of the place the prune freed").containsExactly("b");
    assertThat(keeper.place(ar("b", 1, RemediationPhase.Pending))).isEqualTo(new PipelinePlace(true, 1, 1, 0));
  }

  @Test
  void placesFreedBeyondTheNewcomersOwnByDroppingGoneRemediationsWakeThoseWaitingAheadOfIt() {
    PlaceKeeper keeper = keeper(2);
    for (String working : List.of("a", "x")) {
      keeper.place(ar(working, 0, null));
      keeper.settle(ar(working, 0, null), RemediationPhase.Processing, null);
    }
    keeper.place(ar("b", 1, null));
    gone.add("a");
    gone.add("x");

    assertThat(keeper.place(ar("c", 2, null))).as("one place for b, one for c").isEqualTo(new PipelinePlace(true, 1, 2, 0));

    assertThat(turns).as("b, still waiting, hears of the other freed place").containsExactly("b");
  }

  @Test
  void aStoppedKeeperCountsNoPlaceInUse() {
    PlaceKeeper keeper = keeper(1);
    keeper.place(ar("a", 0, null));
    keeper.settle(ar("a", 0, null), RemediationPhase.Processing, null);
    assertThat(keeper.inUse()).isEqualTo(1);

    keeper.turns().stop(); // the end of a term as leader

    assertThat(keeper.inUse()).as("this replica no longer holds the shard's places").isZero();
  }

  @Test
  void aLongLineAsksAboutExistenceInProportionToThePlacesNotToTheSquareOfItsLength() {
    int places = 25;
    int backlog = 2_000;
    PlaceKeeper keeper = keeper(places);
    for (int i = 0; i < places; i++) {
      keeper.place(ar("w" + i, i, null));
      keeper.settle(ar("w" + i, i, null), RemediationPhase.Processing, null);
    }
    existenceChecks = 0;

    PipelinePlace last = null;
    for (int i = 0; i < backlog; i++) {
      last = keeper.place(ar("q" + i, places + i, null));
    }

    assertThat(last).isEqualTo(new PipelinePlace(false, places, places, backlog - 1));
    // Before, each newcomer checked every remediation ahead of it: about backlog^2 / 2, 2,000,000 here.
    assertThat(existenceChecks).as("checks for %d remediations queueing behind %d places", backlog, places)
        .isLessThanOrEqualTo(backlog * (places + 1));
  }

  @Test
  void aQueuedDecisionForAnAlreadyWaitingRemediationKeepsItInLine() {
    PlaceKeeper keeper = keeper(1);
    keeper.place(ar("a", 0, null));
    keeper.settle(ar("a", 0, null), RemediationPhase.Processing, null);
    keeper.place(ar("b", 1, null));
    keeper.settle(ar("b", 1, null), RemediationPhase.Pending, null);

    keeper.settle(ar("a", 0, RemediationPhase.Processing), RemediationPhase.Completed, null);

    assertThat(turns).containsExactly("b");
  }

  @Test
  void onStartItCountsTheWorkingRemediationsItsCacheHoldsBeforeGrantingAPlace() {
    cache.add(ar("working", 0, RemediationPhase.Analyzing));
    cache.add(ar("stepping", 1, RemediationPhase.Executing));
    workflows.put("stepping", WorkflowPhase.Validating);
    cache.add(ar("monitoring", 2, RemediationPhase.Executing));
    workflows.put("monitoring", WorkflowPhase.Monitoring);
    cache.add(ar("approval", 3, RemediationPhase.AwaitingApproval));
    cache.add(ar("done", 4, RemediationPhase.Completed));
    PlaceKeeper keeper = keeper(3);

    assertThat(keeper.place(ar("new", 5, null))).isEqualTo(new PipelinePlace(true, 3, 3, 0));
    assertThat(keeper.place(ar("newer", 6, null))).isEqualTo(new PipelinePlace(false, 3, 3, 0));
  }

  @Test
  void aNewTermCountsAgainFromTheCacheAndForgetsItsLine() {
    PlaceKeeper keeper = keeper(1);
    keeper.place(ar("a", 0, null));
    keeper.settle(ar("a", 0, null), RemediationPhase.Processing, null);
    keeper.place(ar("b", 1, null));

    keeper.turns().stop();
    keeper.turns().start();

    assertThat(keeper.place(ar("b", 1, RemediationPhase.Pending))).as("a is not in the cache: it ended meanwhile")
        .isEqualTo(new PipelinePlace(true, 1, 1, 0));
  }

  @Test
  void withoutALimitEveryRemediationHoldsAPlaceAndNothingIsKept() {
    PlaceKeeper keeper = keeper(0);
    for (int i = 0; i < 100; i++) {
      assertThat(keeper.place(ar("r" + i, i, null))).isEqualTo(PipelinePlace.UNLIMITED);
      keeper.settle(ar("r" + i, i, null), RemediationPhase.Processing, null);
    }
    keeper.settle(ar("r0", 0, RemediationPhase.Processing), RemediationPhase.Completed, null);
    assertThat(turns).isEmpty();
    assertThatThrownBy(() -> new PlaceKeeper(-1, List::of, ar -> null, id -> true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void holdsCountsOnlyWorkingPhases() {
    assertThat(PipelinePlace.holds(RemediationPhase.Processing, null)).isTrue();
    assertThat(PipelinePlace.holds(RemediationPhase.Analyzing, null)).isTrue();
    assertThat(PipelinePlace.holds(RemediationPhase.Executing, null)).isTrue();
    assertThat(PipelinePlace.holds(RemediationPhase.Executing, WorkflowPhase.Executing)).isTrue();
    assertThat(PipelinePlace.holds(RemediationPhase.Executing, WorkflowPhase.Monitoring)).isFalse();
    assertThat(PipelinePlace.holds(RemediationPhase.Executing, WorkflowPhase.Completed)).isFalse();
    assertThat(PipelinePlace.holds(RemediationPhase.Pending, null)).isFalse();
    assertThat(PipelinePlace.holds(null, null)).isFalse();
    assertThat(PipelinePlace.holds(RemediationPhase.AwaitingApproval, null)).isFalse();
    assertThat(PipelinePlace.holds(RemediationPhase.Completed, null)).isFalse();
  }
}

package io.kubernaut.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.signal.TargetRef;
import io.kubernaut.ports.workflow.StepState;
import io.kubernaut.ports.workflow.WorkflowPlan;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class DagPlannerTest {

  private final DagPlanner planner = new DagPlanner();

  /** A step "id<dep1,dep2" from the compact notation used by the tables. */
  private static Recommendation step(String spec) {
    String[] parts = spec.split("<");
    List<String> deps = parts.length > 1 ? Arrays.asList(parts[1].split(",")) : List.of();
    return new Recommendation(parts[0], "notify_only", new TargetRef("Deployment", "ns", "app"), Map.of(), 0.9,
        "LOW", "", deps);
  }

  private static List<Recommendation> steps(String... specs) {
    return Stream.of(specs).map(DagPlannerTest::step).toList();
  }

  static Stream<Arguments> validPlans() {
    return Stream.of(
        Arguments.of("independent steps form one parallel group", steps("a", "b", "c"), List.of(List.of("a", "b", "c"))),
        Arguments.of("a chain is one step per group", steps("c<b", "b<a", "a"), List.of(List.of("a"), List.of("b"), List.of("c"))),
        Arguments.of("a diamond runs its middle in parallel", steps("a", "b<a", "c<a", "d<b,c"),
            List.of(List.of("a"), List.of("b", "c"), List.of("d"))),
        Arguments.of("two roots feeding one join", steps("x", "y", "z<x,y"), List.of(List.of("x", "y"), List.of("z"))),
        Arguments.of("a repeated dependency counts once", steps("a", "b<a,a"), List.of(List.of("a"), List.of("b"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validPlans")
  void validStepsArePlannedAsParallelGroupsInDependencyOrder(String title, List<Recommendation> steps, List<List<String>> groups) {
    WorkflowPlan plan = planner.plan(steps);
    assertThat(plan.valid()).isTrue();
    assertThat(plan.groups()).isEqualTo(groups);
  }

  static Stream<Arguments> invalidPlans() {
    return Stream.of(
        Arguments.of("a two-step cycle", steps("a<b", "b<a"), "cycle"),
        Arguments.of("a self-dependency", steps("a<a"), "cycle"),
        Arguments.of("a cycle behind a valid root", steps("r", "a<r,c", "b<a", "c<b"), "Steps a, b, c form a dependency cycle"),
        Arguments.of("an unknown dependency", steps("a<ghost"), "unknown step ghost"),
        Arguments.of("a duplicate id", steps("a", "a"), "appears twice"),
        Arguments.of("no steps", List.of(), "no steps"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPlans")
  void unplannableStepsGiveAnInvalidPlanNamingTheProblem(String title, List<Recommendation> steps, String problem) {
    WorkflowPlan plan = planner.plan(steps);
    assertThat(plan.valid()).isFalse();
    assertThat(plan.problem()).contains(problem);
    assertThat(plan.groups()).isEmpty();
  }

  @Test
  void onlyPendingStepsWhoseDependenciesAllSucceededAreReady() {
    WorkflowPlan plan = planner.plan(steps("a", "b<a", "c<a", "d<b,c"));
    assertThat(planner.ready(plan, Map.of())).containsExactly("a");
    assertThat(planner.ready(plan, Map.of("a", StepState.RUNNING))).isEmpty();
    assertThat(planner.ready(plan, Map.of("a", StepState.SUCCEEDED))).containsExactly("b", "c");
    assertThat(planner.ready(plan, Map.of("a", StepState.SUCCEEDED, "b", StepState.SUCCEEDED, "c", StepState.RUNNING))).isEmpty();
  }

  @Test
  void stepsBehindAFailedStepAreUnreachableTransitively() {
    WorkflowPlan plan = planner.plan(steps("a", "b<a", "c<b", "d"));
    assertThat(planner.unreachable(plan, Map.of("a", StepState.FAILED))).containsExactly("b", "c");
    assertThat(planner.unreachable(plan, Map.of("a", StepState.SUCCEEDED))).isEmpty();
  }

  @Test
  void rollbackUndoesSucceededStepsInReversePlanOrder() {
    WorkflowPlan plan = planner.plan(steps("a", "b<a", "c<a", "d<b,c"));
    assertThat(planner.rollbackOrder(plan, List.of("a", "c", "b"))).containsExactly("c", "b", "a");
    assertThat(planner.rollbackOrder(plan, List.of("a"))).containsExactly("a");
    assertThat(planner.rollbackOrder(plan, List.of())).isEmpty();
  }
}

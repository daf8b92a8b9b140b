package io.kubernaut.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.pipeline.AnalysisPhase;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.pipeline.Phase;
import io.kubernaut.ports.pipeline.ProcessingPhase;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhaseMachinesTest {

  @ParameterizedTest(name = "{0} → {1} legal={2}")
  @CsvSource({
      "Pending, Processing, true", "Processing, Analyzing, true", "Analyzing, AwaitingApproval, true",
      "Analyzing, Executing, true", "AwaitingApproval, Executing, true", "Executing, Completed, true",
      "Processing, Executing, false", "Pending, Executing, false", "Completed, Processing, false",
      "Failed, Completed, false", "Executing, Analyzing, false", "Processing, TimedOut, true", "Executing, Cancelled, true"})
  void remediationTransitionsFollowTheTable(RemediationPhase from, RemediationPhase to, boolean legal) {
    PhaseMachines.Verdict v = PhaseMachines.remediation(from, to);
    assertThat(v.legal()).isEqualTo(legal);
    if (!legal) {
      assertThat(v.reason()).contains(from.name()).contains(to.name());
    }
  }

  @ParameterizedTest(name = "AlertProcessing {0} → {1} legal={2}")
  @CsvSource({"'', Enriching, true", "Enriching, Classifying, true", "Classifying, Routing, true",
      "Routing, Completed, true", "Enriching, Completed, false", "Completed, Failed, false", "'', Completed, false"})
  void processingTransitionsFollowTheirTable(String from, ProcessingPhase to, boolean legal) {
    assertThat(PhaseMachines.processing(Phase.parse(ProcessingPhase.class, from), to).legal()).isEqualTo(legal);
  }

  @ParameterizedTest(name = "AIAnalysis {0} → {1} legal={2}")
  @CsvSource({"Investigating, Analyzing, true", "Analyzing, Recommending, true", "Investigating, Completed, false",
      "'', Investigating, true", "Failed, Investigating, false"})
  void analysisTransitionsFollowTheirTable(String from, AnalysisPhase to, boolean legal) {
    assertThat(PhaseMachines.analysis(Phase.parse(AnalysisPhase.class, from), to).legal()).isEqualTo(legal);
  }

  @ParameterizedTest(name = "WorkflowExecution {0} → {1} legal={2}")
  @CsvSource({"Planning, Validating, true", "Executing, RolledBack, true", "Monitoring, Completed, true",
      "Planning, Monitoring, false", "'', Planning, true", "'', Executing, false", "RolledBack, Executing, false"})
  void workflowTransitionsFollowTheirTable(String from, WorkflowPhase to, boolean legal) {
    assertThat(PhaseMachines.workflow(Phase.parse(WorkflowPhase.class, from), to).legal()).isEqualTo(legal);
  }

  @ParameterizedTest(name = "KubernetesExecution {0} → {1} legal={2}")
  @CsvSource({"Validating, Executing, true", "Executing, Verifying, true", "Verifying, Completed, true",
      "Executing, Completed, true", "Validating, Completed, true", "Completed, Executing, false",
      "Verifying, Executing, false", "'', Verifying, false"})
  void executionTransitionsFollowTheirTable(String from, ExecutionPhase to, boolean legal) {
    assertThat(PhaseMachines.execution(Phase.parse(ExecutionPhase.class, from), to).legal()).isEqualTo(legal);
  }

  @Test
  void aPathIsCheckedStepByStepAndTheFirstIllegalStepIsNamed() {
    assertThat(PhaseMachines.path(WorkflowPhase.class, null,
        List.of(WorkflowPhase.Planning, WorkflowPhase.Validating, WorkflowPhase.Executing)).legal()).isTrue();
    PhaseMachines.Verdict skip = PhaseMachines.path(WorkflowPhase.class, null,
        List.of(WorkflowPhase.Planning, WorkflowPhase.Executing));
    assertThat(skip.legal()).isFalse();
    assertThat(skip.reason()).contains("Planning").contains("Executing");
  }

  @Test
  void everyPhaseOfEveryKindHasADescriptionAndOnlyEndsAreTerminal() {
    List<Phase> all = Stream.of(RemediationPhase.values(), ProcessingPhase.values(), AnalysisPhase.values(),
        WorkflowPhase.values(), ExecutionPhase.values()).flatMap(Stream::of).map(p -> (Phase) p).toList();
    assertThat(all).allSatisfy(p -> assertThat(p.description()).endsWith("."));
    assertThat(all).filteredOn(Phase::isTerminal).extracting(Phase::name).containsOnly("Completed", "Failed", "RolledBack",
        "TimedOut", "Cancelled", "Blocked");
    assertThat(all).filteredOn(Phase::isSuccessful).extracting(Phase::name).containsOnly("Completed");
  }

  @Test
  void unknownOrBlankPhaseNamesParseToNull() {
    assertThat(Phase.parse(WorkflowPhase.class, "Exploding")).isNull();
    assertThat(Phase.parse(WorkflowPhase.class, "")).isNull();
    assertThat(Phase.parse(WorkflowPhase.class, "Monitoring")).isEqualTo(WorkflowPhase.Monitoring);
  }
}

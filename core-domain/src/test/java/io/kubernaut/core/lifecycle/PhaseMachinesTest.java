package io.kubernaut.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.remediation.RemediationPhase;
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

  @ParameterizedTest(name = "{0}: {1} → {2} legal={3}")
  @CsvSource({
      "AlertProcessing, '', Enriching, true", "AlertProcessing, Enriching, Classifying, true",
      "AlertProcessing, Classifying, Routing, true", "AlertProcessing, Routing, Completed, true",
      "AlertProcessing, Enriching, Completed, false", "AlertProcessing, Completed, Failed, false",
      "AIAnalysis, Investigating, Analyzing, true", "AIAnalysis, Analyzing, Recommending, true",
      "AIAnalysis, Investigating, Completed, false",
      "WorkflowExecution, Planning, Validating, true", "WorkflowExecution, Executing, RolledBack, true",
      "WorkflowExecution, Monitoring, Completed, true", "WorkflowExecution, Planning, Monitoring, false",
      "KubernetesExecution, Validating, Executing, true", "KubernetesExecution, Executing, Verifying, true",
      "KubernetesExecution, Verifying, Completed, true", "KubernetesExecution, Completed, Executing, false"})
  void childTransitionsFollowTheirTables(String kind, String from, String to, boolean legal) {
    assertThat(PhaseMachines.child(kind, from, to).legal()).isEqualTo(legal);
  }

  @ParameterizedTest
  @CsvSource({"Completed, true", "Failed, true", "RolledBack, true", "Executing, false"})
  void childTerminalPhasesAreMarked(String phase, boolean terminal) {
    assertThat(PhaseMachines.childTerminal(phase)).isEqualTo(terminal);
  }
}

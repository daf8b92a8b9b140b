package io.kubernaut.k8s.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertProcessingStatus;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import io.kubernaut.ports.pipeline.ChildKind;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import org.junit.jupiter.api.Test;

/**
 * A child's addition reconciles its remediation only when it is not the one the remediation just
 * created; its update, only when it can change the remediation's decision.
 */
class ChildEventsTest {

  private static WorkflowExecution workflow(WorkflowPhase phase, String message) {
    WorkflowExecution wfe = new WorkflowExecution();
    wfe.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("ar-1-workflow").build());
    wfe.setStatus(new WorkflowExecutionStatus());
    wfe.getStatus().setPhase(phase);
    wfe.getStatus().setMessage(message);
    return wfe;
  }

  @Test
  void aWorkflowsProgressWithinOnePhaseDoesNotReconcileItsRemediationButAPhaseChangeAndItsEndDo() {
    WorkflowExecution stepOne = workflow(WorkflowPhase.Executing, "Step a runs.");
    WorkflowExecution stepTwo = workflow(WorkflowPhase.Executing, "Step b runs.");
    WorkflowExecution monitoring = workflow(WorkflowPhase.Monitoring, "Watching the target.");
    WorkflowExecution measured = workflow(WorkflowPhase.Monitoring, "One check passed.");
    WorkflowExecution completed = workflow(WorkflowPhase.Completed, "Remediated.");
    WorkflowExecution outcome = workflow(WorkflowPhase.Completed, "Remediated.");
    outcome.getStatus().setOutcome("Remediated");

    assertThat(AlertRemediationReconciler.decidesOn(ChildKind.WORKFLOW, stepTwo, stepOne)).isFalse();
    assertThat(AlertRemediationReconciler.decidesOn(ChildKind.WORKFLOW, measured, monitoring)).isFalse();
    assertThat(AlertRemediationReconciler.decidesOn(ChildKind.WORKFLOW, monitoring, stepTwo)).isTrue();
    assertThat(AlertRemediationReconciler.decidesOn(ChildKind.WORKFLOW, completed, measured)).isTrue();
    assertThat(AlertRemediationReconciler.decidesOn(ChildKind.WORKFLOW, outcome, completed)).as("ended: read whole")
        .isTrue();
  }

  @Test
  void aWorkflowMovingBetweenItsWorkingPhasesDoesNotReconcileItsRemediation() {
    WorkflowExecution planning = workflow(WorkflowPhase.Planning, "Ordering the steps.");
    WorkflowExecution validating = workflow(WorkflowPhase.Validating, "Checking the steps.");
    WorkflowExecution executing = workflow(WorkflowPhase.Executing, "Step a runs.");
    WorkflowExecution monitoring = workflow(WorkflowPhase.Monitoring, "Watching the target.");
    WorkflowExecution cleared = workflow(null, null);
    WorkflowExecution failed = workflow(WorkflowPhase.Failed, "Step a failed.");

    assertThat(AlertRemediationReconciler.decidesOn(ChildKind.WORKFLOW, validating, planning)).isFalse();
    assertThat(AlertRemediationReconciler.decidesOn(ChildKind.WORKFLOW, executing, validating)).isFalse();
    assertThat(AlertRemediationReconciler.decidesOn(ChildKind.WORKFLOW, monitoring, executing))
        .as("its place goes to the next in line").isTrue();
    assertThat(AlertRemediationReconciler.decidesOn(ChildKind.WORKFLOW, failed, validating)).isTrue();
    assertThat(AlertRemediationReconciler.decidesOn(ChildKind.WORKFLOW, cleared, executing)).as("status cleared").isTrue();

    WorkflowExecution disowned = workflow(WorkflowPhase.Executing, "Step a runs.");
    disowned.getMetadata().setOwnerReferences(java.util.List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
        .withKind("AlertRemediation").withName("ar-2").withController(true).build()));
    assertThat(AlertRemediationReconciler.decidesOn(ChildKind.WORKFLOW, disowned, executing)).as("owner changed").isTrue();
  }

  @Test
  void aChildAddedWithoutStatusIsTheOneItJustCreatedAndNeedsNoReconcile() {
    AlertProcessing created = new AlertProcessing();
    assertThat(AlertRemediationReconciler.reported(created)).isFalse();

    created.setStatus(new AlertProcessingStatus());
    assertThat(AlertRemediationReconciler.reported(created)).as("seen first with a status, after a re-list").isTrue();
  }
}

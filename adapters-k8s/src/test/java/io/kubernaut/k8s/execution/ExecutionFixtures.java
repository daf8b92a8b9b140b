package io.kubernaut.k8s.execution;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationSpec;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionSpec;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.crd.RemediationRef;
import io.kubernaut.k8s.crd.StepStatus;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionSpec;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The objects an execution controller test starts from, on any API server: AlertRemediation ar-1
 * on Deployment shop/api, its admitted workflow with step 1 (scale_deployment to 4 replicas), and
 * that step's KubernetesExecution.
 */
final class ExecutionFixtures {

  static final String NS = "kubernaut-system";

  private ExecutionFixtures() {}

  /**
   * Creates ar-1 and the workflow that planned step 1, passed validation and started it (its status names the step's
   * execution, as the workflow writes it before the create), its phases entered at {@code at}.
   */
  static WorkflowExecution admittedWorkflow(KubernetesClient client, Instant at) {
    return admittedWorkflow(client, at, "ar-1");
  }

  /** {@link #admittedWorkflow(KubernetesClient, Instant)} for remediation {@code remediation} (and its workflow). */
  static WorkflowExecution admittedWorkflow(KubernetesClient client, Instant at, String remediation) {
    return admittedWorkflow(client, at, remediation, new Recommendation("1", "scale_deployment",
        new TargetRef("Deployment", "shop", "api"), Map.of("replicas", "4"), 0.9, "MEDIUM", "", List.of()), null,
        Map.of());
  }

  /**
   * Creates {@code remediation} and its workflow with step 1 {@code step}, admitted under {@code environment} (null:
   * none in its spec) and carrying {@code labels} (as its executions do), the step started: its status names the step's
   * execution, as the workflow writes it before the create; its phases entered at {@code at}.
   */
  static WorkflowExecution admittedWorkflow(KubernetesClient client, Instant at, String remediation, Recommendation step,
      String environment, Map<String, String> labels) {
    ObjectRef target = ObjectRef.of(step.target());
    AlertRemediation ar = new AlertRemediation();
    ar.setMetadata(new ObjectMetaBuilder().withName(remediation).withNamespace(NS).addToLabels(labels).build());
    AlertRemediationSpec arSpec = new AlertRemediationSpec();
    arSpec.setFingerprint("f".repeat(64));
    arSpec.setTarget(target);
    ar.setSpec(arSpec);
    client.resource(ar).create();
    WorkflowExecution wfe = new WorkflowExecution();
    wfe.setMetadata(new ObjectMetaBuilder().withName(remediation + "-workflow").withNamespace(NS).addToLabels(labels)
        .build());
    WorkflowExecutionSpec spec = new WorkflowExecutionSpec();
    spec.setRemediationRef(new RemediationRef(remediation));
    spec.setTarget(target);
    spec.setEnvironment(environment);
    spec.setSteps(List.of(step));
    wfe.setSpec(spec);
    WorkflowExecution created = client.resource(wfe).create();
    WorkflowExecutionStatus status = new WorkflowExecutionStatus();
    String now = at.toString();
    status.setPhase(WorkflowPhase.Executing);
    status.setPhaseHistory(List.of(new PhaseTransition("Planning", now, "p"), new PhaseTransition("Validating", now, "v"),
        new PhaseTransition("Executing", now, "e")));
    status.setSteps(List.of(new StepStatus("1", step.action(), "Validating", remediation + "-workflow-1", null)));
    created.setStatus(status);
    return client.resource(created).updateStatus();
  }

  /** Records in {@code workflow}'s status that it rolls step 1 back, as the workflow does before it creates the rollback. */
  static WorkflowExecution decideRollback(KubernetesClient client, WorkflowExecution workflow) {
    WorkflowExecution current = client.resources(WorkflowExecution.class).inNamespace(NS)
        .withName(workflow.getMetadata().getName()).get();
    current.getStatus().getSteps().get(0).setRollback(workflow.getMetadata().getName() + "-1-rollback");
    return client.resource(current).updateStatus();
  }

  /**
   * Step 1's execution of {@code workflow} (its action, target and parameters as the workflow's spec has them), not
   * created yet, with at most {@code maxAttempts} attempts.
   */
  static KubernetesExecution stepOne(WorkflowExecution workflow, int maxAttempts) {
    Recommendation step = workflow.getSpec().getSteps().get(0);
    KubernetesExecution kex = new KubernetesExecution();
    String name = workflow.getMetadata().getName();
    kex.setMetadata(Children.ownedBy(workflow, name + "-1"));
    KubernetesExecutionSpec spec = new KubernetesExecutionSpec();
    spec.setRemediationRef(new RemediationRef(workflow.getSpec().getRemediationRef().getName()));
    spec.setWorkflow(name);
    spec.setStep("1");
    spec.setAction(step.action());
    spec.setTarget(ObjectRef.of(step.target()));
    spec.setParameters(step.parameters().isEmpty() ? null : step.parameters());
    spec.setTimeout("600s");
    spec.setMaxAttempts(maxAttempts);
    kex.setSpec(spec);
    return kex;
  }
}

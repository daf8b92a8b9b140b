package io.kubernaut.k8s.reconciler;

import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionSpec;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.k8s.crd.RemediationRef;
import io.kubernaut.k8s.crd.StepStatus;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.workflow.StepState;
import io.kubernaut.ports.workflow.WorkflowPlan;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The steps of a workflow: their KubernetesExecutions (name, owner, labels, spec) and their states. */
final class WorkflowExecutionSteps {

  static final String SKIPPED = "Skipped";
  static final String PENDING = "Pending";

  private WorkflowExecutionSteps() {}

  static Map<String, Recommendation> byId(WorkflowExecution wfe) {
    Map<String, Recommendation> steps = new LinkedHashMap<>();
    wfe.getSpec().getSteps().forEach(s -> steps.put(s.id(), s));
    return steps;
  }

  /** {@code <wfe>-<step>} as a DNS-1123 name: lower case, alphanumerics and '-', at most 253 characters. */
  static String executionName(WorkflowExecution wfe, String stepId) {
    String name = (wfe.getMetadata().getName() + "-" + stepId).toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-");
    name = name.length() > 253 ? name.substring(0, 253) : name;
    return name.replaceAll("^-+", "").replaceAll("-+$", "");
  }

  /** The execution of one step, owned by the workflow and labelled with its remediation. */
  static KubernetesExecution build(WorkflowExecution wfe, Recommendation step, int number, Duration timeout, int maxAttempts) {
    KubernetesExecution kex = new KubernetesExecution();
    kex.setMetadata(ChildFactory.childMetadata(wfe, executionName(wfe, step.id())));
    kex.getMetadata().setAnnotations(Map.of(KubernetesExecutionRequests.STEP_NUMBER_ANNOTATION, Integer.toString(number)));
    KubernetesExecutionSpec spec = new KubernetesExecutionSpec();
    spec.setRemediationRef(new RemediationRef(wfe.getSpec().getRemediationRef().getName()));
    spec.setWorkflow(wfe.getMetadata().getName());
    spec.setStep(step.id());
    spec.setAction(step.action());
    spec.setTarget(ObjectRef.of(step.target()));
    spec.setParameters(step.parameters().isEmpty() ? null : new LinkedHashMap<>(step.parameters()));
    spec.setDryRun(false);
    spec.setTimeout(timeout.toSeconds() + "s");
    spec.setMaxAttempts(maxAttempts);
    kex.setSpec(spec);
    return kex;
  }

  /** Each planned step's state: from its execution when there is one, else Skipped or Pending as status says. */
  static Map<String, StepState> states(WorkflowPlan plan, Map<String, KubernetesExecution> executions, List<StepStatus> recorded) {
    Map<String, String> recordedPhases = new LinkedHashMap<>();
    (recorded == null ? List.<StepStatus>of() : recorded).forEach(s -> recordedPhases.put(s.getId(), s.getPhase()));
    Map<String, StepState> states = new LinkedHashMap<>();
    for (String id : plan.order()) {
      KubernetesExecution kex = executions.get(id);
      states.put(id, kex != null ? state(kex) : SKIPPED.equals(recordedPhases.get(id)) ? StepState.SKIPPED : StepState.PENDING);
    }
    return states;
  }

  static StepState state(KubernetesExecution kex) {
    var s = kex.getStatus();
    String phase = s == null ? null : s.getPhase() != null ? s.getPhase().name() : null;
    if (s != null && s.getPhaseHistory() != null && !s.getPhaseHistory().isEmpty()) {
      phase = s.getPhaseHistory().get(s.getPhaseHistory().size() - 1).getPhase();
    }
    if (phase == null) {
      return StepState.RUNNING;
    }
    return switch (ExecutionPhase.valueOf(phase)) {
      case Completed -> StepState.SUCCEEDED;
      case Failed -> StepState.FAILED;
      case RolledBack -> StepState.ROLLED_BACK;
      default -> StepState.RUNNING;
    };
  }

  /** The status view of the steps, in plan order. */
  static List<StepStatus> view(WorkflowExecution wfe, WorkflowPlan plan, Map<String, StepState> states,
      Map<String, KubernetesExecution> executions) {
    Map<String, Recommendation> steps = byId(wfe);
    return plan.order().stream().map(id -> {
      KubernetesExecution kex = executions.get(id);
      String phase = kex != null && kex.getStatus() != null && kex.getStatus().getPhase() != null
          ? kex.getStatus().getPhase().name()
          : states.get(id) == StepState.SKIPPED ? SKIPPED : kex != null ? ExecutionPhase.Validating.name() : PENDING;
      return new StepStatus(id, steps.get(id).action(), phase, kex == null ? null : kex.getMetadata().getName());
    }).toList();
  }

  static long count(Collection<StepState> states, StepState wanted) {
    return states.stream().filter(s -> s == wanted).count();
  }
}

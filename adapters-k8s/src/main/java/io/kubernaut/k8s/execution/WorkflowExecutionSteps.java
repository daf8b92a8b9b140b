package io.kubernaut.k8s.execution;

import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionSpec;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.k8s.crd.RemediationRef;
import io.kubernaut.k8s.crd.StepStatus;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.TimeoutSettings;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.workflow.StepExecution;
import io.kubernaut.ports.workflow.StepState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The steps of a workflow: their KubernetesExecutions (name, owner, labels, spec) and their states. */
public final class WorkflowExecutionSteps {

  static final String SKIPPED = "Skipped";
  static final String PENDING = "Pending";

  private WorkflowExecutionSteps() {}

  public static Map<String, Recommendation> byId(WorkflowExecution wfe) {
    Map<String, Recommendation> steps = new LinkedHashMap<>();
    wfe.getSpec().getSteps().forEach(s -> steps.put(s.id(), s));
    return steps;
  }

  /** {@code <wfe>-<step>} as a DNS-1123 name: lower case, alphanumerics and '-', at most 253 characters. */
  public static String executionName(WorkflowExecution wfe, String stepId) {
    String name = (wfe.getMetadata().getName() + "-" + stepId).toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-");
    name = name.length() > 253 ? name.substring(0, 253) : name;
    return name.replaceAll("^-+", "").replaceAll("-+$", "");
  }

  /** The execution of one step, owned by the workflow and labelled with its remediation. */
  public static KubernetesExecution build(WorkflowExecution wfe, Recommendation step, int number, Duration timeout, int maxAttempts) {
    KubernetesExecution kex = new KubernetesExecution();
    kex.setMetadata(Children.ownedBy(wfe, executionName(wfe, step.id())));
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

  /**
   * Whether {@code kex} is what {@code wfe} builds ({@link #build}, {@link #rollback}): for one of its
   * steps, that name, remediation, step, action, target and parameters, and no dry run; for a rollback,
   * the undoing of {@code undone} (the workflow's run of that step) with the parameters and rollback
   * data that run recorded. The timeout and the attempts come from the policy of the moment and are
   * bounded by the caller ({@link #stepTimeout}, the environment's attempts). A hand-made execution under a real workflow's owner reference, with other
   * parameters or other data to restore, is not planned.
   */
  public static boolean plans(WorkflowExecution wfe, KubernetesExecution kex, KubernetesExecution undone) {
    var spec = kex.getSpec();
    Recommendation step = byId(wfe).get(spec.getStep());
    if (step == null || !wfe.getMetadata().getName().equals(spec.getWorkflow()) || Boolean.TRUE.equals(spec.getDryRun())
        || spec.getRemediationRef() == null
        || !wfe.getSpec().getRemediationRef().getName().equals(spec.getRemediationRef().getName())
        || !step.action().equals(spec.getAction()) || spec.getTarget() == null
        || !step.target().equals(spec.getTarget().toTargetRef())) {
      return false;
    }
    if (!spec.rollback()) {
      return kex.getMetadata().getName().equals(executionName(wfe, step.id()))
          && orEmpty(spec.getParameters()).equals(step.parameters());
    }
    return undone != null && kex.getMetadata().getName().equals(executionName(wfe, step.id() + "-rollback"))
        && undone.getMetadata().getName().equals(spec.getRollbackOf())
        && orEmpty(spec.getParameters()).equals(orEmpty(undone.getSpec().getParameters()))
        && orEmpty(spec.getRollbackData()).equals(orEmpty(undone.getStatus() == null ? null
            : undone.getStatus().getRollbackData()));
  }

  /**
   * The step timeout for the workflow's severity and environment: what every execution it builds gets,
   * and the most one may carry.
   */
  public static Duration stepTimeout(WorkflowExecution wfe, PipelinePolicy policy) {
    return timeout(wfe, policy, TimeoutSettings.EXECUTION_STEP, KubernetesExecutionRequests.DEFAULT_TIMEOUT);
  }

  /**
   * The timeout {@code key} for the workflow's severity, else its environment, else the default one,
   * else {@code otherwise}.
   */
  public static Duration timeout(WorkflowExecution wfe, PipelinePolicy policy, String key, Duration otherwise) {
    Duration effective = policy.timeouts().effective(key, wfe.getSpec().getEnvironment(), wfe.getSpec().getSeverity());
    return effective == null ? otherwise : effective;
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  /** The rollback of a completed step: the same action and target in mode rollback, with what the step recorded. */
  public static KubernetesExecution rollback(WorkflowExecution wfe, KubernetesExecution done, Duration timeout, int maxAttempts) {
    KubernetesExecution kex = new KubernetesExecution();
    String name = executionName(wfe, done.getSpec().getStep() + "-rollback");
    kex.setMetadata(Children.ownedBy(wfe, name));
    kex.getMetadata().setAnnotations(done.getMetadata().getAnnotations() == null ? null
        : new LinkedHashMap<>(done.getMetadata().getAnnotations()));
    KubernetesExecutionSpec spec = new KubernetesExecutionSpec();
    var original = done.getSpec();
    spec.setRemediationRef(new RemediationRef(original.getRemediationRef().getName()));
    spec.setWorkflow(original.getWorkflow());
    spec.setStep(original.getStep());
    spec.setAction(original.getAction());
    spec.setTarget(original.getTarget());
    spec.setParameters(original.getParameters());
    spec.setDryRun(false);
    spec.setTimeout(timeout.toSeconds() + "s");
    spec.setMaxAttempts(maxAttempts);
    spec.setMode(KubernetesExecutionSpec.MODE_ROLLBACK);
    spec.setRollbackOf(done.getMetadata().getName());
    Map<String, String> data = done.getStatus() == null ? null : done.getStatus().getRollbackData();
    spec.setRollbackData(data == null || data.isEmpty() ? null : new LinkedHashMap<>(data));
    kex.setSpec(spec);
    return kex;
  }

  /** Step phases in which the step's action may have run: its execution was seen past Validating. */
  private static final java.util.Set<String> RAN = java.util.Set.of(ExecutionPhase.Executing.name(),
      ExecutionPhase.Verifying.name(), ExecutionPhase.Completed.name(), ExecutionPhase.Failed.name(),
      ExecutionPhase.RolledBack.name());

  /**
   * The execution status recorded for step {@code id} when it was seen past Validating (its action may
   * have run), or null. A name recorded earlier only names an execution about to be created (status is
   * written before the create) or one that had not started: gone, it is created again, harmlessly.
   */
  public static String recordedExecution(WorkflowExecution wfe, String id) {
    StepStatus step = recorded(wfe, id);
    return step != null && step.getExecution() != null && RAN.contains(step.getPhase()) ? step.getExecution() : null;
  }

  /** The steps as the workflow's status records them; none before its first write. */
  private static List<StepStatus> recordedSteps(WorkflowExecution wfe) {
    var steps = wfe.getStatus() == null ? null : wfe.getStatus().getSteps();
    return steps == null ? List.of() : steps;
  }

  /** What the conductor sees of one execution. */
  public static StepExecution observed(KubernetesExecution kex) {
    var s = kex.getStatus();
    ExecutionPhase phase = StatusPatches.phaseOf(ExecutionPhase.class, s, s == null ? null : s.getPhase());
    return new StepExecution(kex.getMetadata().getName(), phase, s == null ? "" : s.getMessage());
  }

  /**
   * Whether {@code wfe}'s status names {@code kex} as what it started: its step's execution, or (a rollback) its
   * step's rollback. The workflow writes that name before it creates the execution, so an execution it made is
   * always named; one made by anyone else for a step the workflow has not started (a pending or skipped one, or a
   * rollback it never decided) is not.
   */
  public static boolean names(WorkflowExecution wfe, KubernetesExecution kex) {
    String step = kex.getSpec() == null ? null : kex.getSpec().getStep();
    StepStatus recorded = step == null ? null : recorded(wfe, step);
    return recorded != null && kex.getMetadata().getName().equals(kex.getSpec().rollback() ? recorded.getRollback()
        : recorded.getExecution());
  }

  /** Whether the workflow decided to roll back a step: its status names a rollback (created or about to be). */
  public static boolean rollbackRecorded(WorkflowExecution wfe) {
    return recordedSteps(wfe).stream().anyMatch(st -> st.getRollback() != null);
  }

  /** The status recorded for step {@code id}, or null. */
  private static StepStatus recorded(WorkflowExecution wfe, String id) {
    return recordedSteps(wfe).stream().filter(st -> id.equals(st.getId())).findFirst().orElse(null);
  }

  /**
   * The status view of the steps, in plan order: each with its execution's phase, or its state before one exists,
   * and its rollback once one is decided (a rollback once named stays named).
   */
  public static List<StepStatus> view(WorkflowExecution wfe, Map<String, StepState> states, Map<String, KubernetesExecution> runs,
      Map<String, KubernetesExecution> rollbacks) {
    Map<String, Recommendation> steps = byId(wfe);
    return states.entrySet().stream().map(e -> {
      KubernetesExecution kex = runs.get(e.getKey());
      ExecutionPhase phase = kex == null ? null : observed(kex).phase();
      StepStatus before = recorded(wfe, e.getKey());
      // A name once recorded stays (the execution controller runs only what its workflow names): an execution
      // recorded past Validating and gone now was deleted, and is shown Failed, so the step is never taken for one
      // that has not started (which would run its action once more); one recorded earlier and missing now may not be
      // in the cache yet, and keeps the phase it was shown with.
      String ran = recordedExecution(wfe, e.getKey());
      String execution = kex != null ? kex.getMetadata().getName() : before == null ? null : before.getExecution();
      String shown = e.getValue() == StepState.ROLLED_BACK ? ExecutionPhase.RolledBack.name()
          : phase != null ? phase.name()
          : kex != null ? ExecutionPhase.Validating.name()
          : ran != null ? ExecutionPhase.Failed.name()
          : execution != null && before.getPhase() != null ? before.getPhase()
          : e.getValue() == StepState.SKIPPED ? SKIPPED : PENDING;
      KubernetesExecution undo = rollbacks.get(e.getKey());
      return new StepStatus(e.getKey(), steps.get(e.getKey()).action(), shown, execution,
          undo != null ? undo.getMetadata().getName() : before == null ? null : before.getRollback());
    }).toList();
  }
}

package io.kubernaut.ports.workflow;

import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the WorkflowExecution controller observed of one workflow, plus the answers of the checks it
 * made in this reconcile. The conductor decides from this alone.
 *
 * @param name the workflow's name
 * @param target the workflow's target as a human reads it
 * @param phase the current phase; null before the first reconcile
 * @param phaseEnteredAt when the current phase was entered; null when new
 * @param steps the steps as recommended
 * @param critical the ids of the steps whose failure stops the workflow (every step but low-risk ones)
 * @param runs each step's execution, by step id, once created
 * @param rollbacks each step's rollback execution, by step id, once created: only those the workflow's own record
 *     names (one made by anyone else is not here)
 * @param strategy what to do with completed steps when a critical step fails
 * @param killSwitch whether the global kill switch is on now
 * @param monitoringWindow how long Monitoring waits for the problem to go away
 * @param now the decision time
 * @param validation the answer of the Validating checks made in this reconcile; null if none
 * @param health what Monitoring saw in this reconcile (the alert's resolution, the target's health); null if not looked
 * @param verification the metric checks and their measurements; null when the workflow is judged without them
 * @param rollbackApproval the approval of a rollback after a failed verification; null when none applies
 * @param rollingBack whether the workflow recorded that it rolls back (a rollback named in its status, created or
 *     about to be): only its own record, never an execution that merely exists, starts or resumes a rollback
 */
public record WorkflowSnapshot(String name, String target, WorkflowPhase phase, Instant phaseEnteredAt,
    List<Recommendation> steps, Set<String> critical, Map<String, StepExecution> runs, Map<String, StepExecution> rollbacks,
    RollbackStrategy strategy, boolean killSwitch, Duration monitoringWindow, Instant now,
    ValidationResult validation, Health health, Verification verification, RollbackApproval rollbackApproval,
    boolean rollingBack) {

  /**
   * What Monitoring sees of the problem.
   *
   * @param alertResolved whether the gateway recorded the alert's resolution
   * @param targetHealthy whether the target checks healthy; null when it cannot be told
   */
  public record Health(boolean alertResolved, Boolean targetHealthy) {}

  public WorkflowSnapshot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(monitoringWindow, "monitoringWindow");
    steps = List.copyOf(steps == null ? List.of() : steps);
    critical = Set.copyOf(critical == null ? Set.of() : critical);
    runs = Map.copyOf(runs == null ? Map.of() : runs);
    rollbacks = Map.copyOf(rollbacks == null ? Map.of() : rollbacks);
    strategy = strategy == null ? RollbackStrategy.AUTOMATIC : strategy;
    rollingBack = rollingBack || !rollbacks.isEmpty(); // a rollback of its own is one it recorded
  }

  /** A snapshot without metric verification. */
  public WorkflowSnapshot(String name, String target, WorkflowPhase phase, Instant phaseEnteredAt,
      List<Recommendation> steps, Set<String> critical, Map<String, StepExecution> runs, Map<String, StepExecution> rollbacks,
      RollbackStrategy strategy, boolean killSwitch, Duration monitoringWindow, Instant now,
      ValidationResult validation, Health health) {
    this(name, target, phase, phaseEnteredAt, steps, critical, runs, rollbacks, strategy, killSwitch, monitoringWindow, now,
        validation, health, null, null, false);
  }

  /** A snapshot without a rollback approval. */
  public WorkflowSnapshot(String name, String target, WorkflowPhase phase, Instant phaseEnteredAt,
      List<Recommendation> steps, Set<String> critical, Map<String, StepExecution> runs, Map<String, StepExecution> rollbacks,
      RollbackStrategy strategy, boolean killSwitch, Duration monitoringWindow, Instant now,
      ValidationResult validation, Health health, Verification verification) {
    this(name, target, phase, phaseEnteredAt, steps, critical, runs, rollbacks, strategy, killSwitch, monitoringWindow, now,
        validation, health, verification, null, false);
  }

  /** This snapshot with the answer of the Validating checks. */
  public WorkflowSnapshot withValidation(ValidationResult answer) {
    return new WorkflowSnapshot(name, target, phase, phaseEnteredAt, steps, critical, runs, rollbacks, strategy,
        killSwitch, monitoringWindow, now, answer, health, verification, rollbackApproval, rollingBack);
  }

  /** This snapshot with the metric checks and their measurements. */
  public WorkflowSnapshot withVerification(Verification checks) {
    return new WorkflowSnapshot(name, target, phase, phaseEnteredAt, steps, critical, runs, rollbacks, strategy,
        killSwitch, monitoringWindow, now, validation, health, checks, rollbackApproval, rollingBack);
  }

  /** This snapshot with what Monitoring saw. */
  public WorkflowSnapshot withHealth(Health seen) {
    return new WorkflowSnapshot(name, target, phase, phaseEnteredAt, steps, critical, runs, rollbacks, strategy,
        killSwitch, monitoringWindow, now, validation, seen, verification, rollbackApproval, rollingBack);
  }

  /** This snapshot with the approval of a rollback after a failed verification. */
  public WorkflowSnapshot withRollbackApproval(RollbackApproval approval) {
    return new WorkflowSnapshot(name, target, phase, phaseEnteredAt, steps, critical, runs, rollbacks, strategy,
        killSwitch, monitoringWindow, now, validation, health, verification, approval, rollingBack);
  }
}

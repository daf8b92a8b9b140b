package io.kubernaut.core.lifecycle;

import io.kubernaut.ports.pipeline.AnalysisPhase;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.pipeline.Phase;
import io.kubernaut.ports.pipeline.ProcessingPhase;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every legal phase transition of every Kubernaut kind, listed once. A transition to the same
 * phase is always legal (a no-op); a terminal phase never moves; anything else not listed is
 * rejected with a reason. Every conductor checks its decisions here.
 */
public final class PhaseMachines {

  /** The verdict on one proposed transition. */
  public record Verdict(boolean legal, String reason) {}

  /** One kind's machine: the phases a new resource may enter, and from each phase the next ones. */
  private record Machine<P extends Enum<P> & Phase>(String kind, Set<P> initial, Map<P, Set<P>> next) {}

  private static final Machine<RemediationPhase> REMEDIATION = new Machine<>("AlertRemediation",
      EnumSet.allOf(RemediationPhase.class), Map.of(
      RemediationPhase.Pending, EnumSet.of(RemediationPhase.Processing, RemediationPhase.Completed,
          RemediationPhase.Failed, RemediationPhase.TimedOut, RemediationPhase.Cancelled, RemediationPhase.Blocked),
      RemediationPhase.Processing, EnumSet.of(RemediationPhase.Analyzing, RemediationPhase.Completed,
          RemediationPhase.Failed, RemediationPhase.TimedOut, RemediationPhase.Cancelled),
      RemediationPhase.Analyzing, EnumSet.of(RemediationPhase.AwaitingApproval, RemediationPhase.Executing,
          RemediationPhase.Completed, RemediationPhase.Failed, RemediationPhase.TimedOut, RemediationPhase.Cancelled,
          RemediationPhase.Blocked),
      RemediationPhase.AwaitingApproval, EnumSet.of(RemediationPhase.Executing, RemediationPhase.Completed,
          RemediationPhase.Failed, RemediationPhase.TimedOut, RemediationPhase.Cancelled, RemediationPhase.Blocked),
      RemediationPhase.Executing, EnumSet.of(RemediationPhase.Completed, RemediationPhase.Failed,
          RemediationPhase.TimedOut, RemediationPhase.Cancelled, RemediationPhase.Blocked)));

  private static final Machine<ProcessingPhase> PROCESSING = new Machine<>("AlertProcessing",
      EnumSet.of(ProcessingPhase.Enriching, ProcessingPhase.Failed), Map.of(
      ProcessingPhase.Enriching, EnumSet.of(ProcessingPhase.Classifying, ProcessingPhase.Failed),
      ProcessingPhase.Classifying, EnumSet.of(ProcessingPhase.Routing, ProcessingPhase.Failed),
      ProcessingPhase.Routing, EnumSet.of(ProcessingPhase.Completed, ProcessingPhase.Failed)));

  private static final Machine<AnalysisPhase> ANALYSIS = new Machine<>("AIAnalysis",
      EnumSet.of(AnalysisPhase.Investigating, AnalysisPhase.Failed), Map.of(
      AnalysisPhase.Investigating, EnumSet.of(AnalysisPhase.Analyzing, AnalysisPhase.Failed),
      AnalysisPhase.Analyzing, EnumSet.of(AnalysisPhase.Recommending, AnalysisPhase.Failed),
      AnalysisPhase.Recommending, EnumSet.of(AnalysisPhase.Completed, AnalysisPhase.Failed)));

  private static final Machine<WorkflowPhase> WORKFLOW = new Machine<>("WorkflowExecution",
      EnumSet.of(WorkflowPhase.Planning, WorkflowPhase.Failed), Map.of(
      WorkflowPhase.Planning, EnumSet.of(WorkflowPhase.Validating, WorkflowPhase.Failed),
      WorkflowPhase.Validating, EnumSet.of(WorkflowPhase.Executing, WorkflowPhase.Failed),
      WorkflowPhase.Executing, EnumSet.of(WorkflowPhase.Monitoring, WorkflowPhase.Failed, WorkflowPhase.RolledBack),
      WorkflowPhase.Monitoring, EnumSet.of(WorkflowPhase.Completed, WorkflowPhase.Failed, WorkflowPhase.RolledBack)));

  private static final Machine<ExecutionPhase> EXECUTION = new Machine<>("KubernetesExecution",
      EnumSet.of(ExecutionPhase.Validating, ExecutionPhase.Failed), Map.of(
      // A dry run ends in Validating; an execution verified after a restart (or a rollback) ends from Executing.
      ExecutionPhase.Validating, EnumSet.of(ExecutionPhase.Executing, ExecutionPhase.Completed, ExecutionPhase.Failed),
      ExecutionPhase.Executing, EnumSet.of(ExecutionPhase.Verifying, ExecutionPhase.Completed, ExecutionPhase.Failed),
      ExecutionPhase.Verifying, EnumSet.of(ExecutionPhase.Completed, ExecutionPhase.Failed)));

  private PhaseMachines() {}

  /** Whether an AlertRemediation may move from {@code from} (null before the first reconcile: Pending) to {@code to}. */
  public static Verdict remediation(RemediationPhase from, RemediationPhase to) {
    return check(REMEDIATION, from == null ? RemediationPhase.Pending : from, to);
  }

  /** Whether an AlertProcessing may move from {@code from} (null when new) to {@code to}. */
  public static Verdict processing(ProcessingPhase from, ProcessingPhase to) {
    return check(PROCESSING, from, to);
  }

  /** Whether an AIAnalysis may move from {@code from} (null when new) to {@code to}. */
  public static Verdict analysis(AnalysisPhase from, AnalysisPhase to) {
    return check(ANALYSIS, from, to);
  }

  /** Whether a WorkflowExecution may move from {@code from} (null when new) to {@code to}. */
  public static Verdict workflow(WorkflowPhase from, WorkflowPhase to) {
    return check(WORKFLOW, from, to);
  }

  /** Whether a KubernetesExecution may move from {@code from} (null when new) to {@code to}. */
  public static Verdict execution(ExecutionPhase from, ExecutionPhase to) {
    return check(EXECUTION, from, to);
  }

  /** Whether a whole path of phases, starting from {@code from}, is legal step by step; the first illegal step wins. */
  public static <P extends Enum<P> & Phase> Verdict path(Class<P> kind, P from, List<P> path) {
    P at = from;
    for (P to : path) {
      Verdict v = check(machine(kind), at, to);
      if (!v.legal()) {
        return v;
      }
      at = to;
    }
    return new Verdict(true, "legal path");
  }

  @SuppressWarnings("unchecked")
  private static <P extends Enum<P> & Phase> Machine<P> machine(Class<P> kind) {
    for (Machine<?> m : List.of(REMEDIATION, PROCESSING, ANALYSIS, WORKFLOW, EXECUTION)) {
      if (m.initial().iterator().next().getDeclaringClass() == kind) {
        return (Machine<P>) m;
      }
    }
    throw new IllegalArgumentException("No phase machine for " + kind.getName());
  }

  private static <P extends Enum<P> & Phase> Verdict check(Machine<P> m, P from, P to) {
    if (from == to) {
      return new Verdict(true, "unchanged");
    }
    if (from == null) {
      boolean legal = m.initial().contains(to);
      return new Verdict(legal, legal ? "new → " + to : "A new " + m.kind() + " cannot start in " + to + ".");
    }
    if (from.isTerminal()) {
      return new Verdict(false, m.kind() + " phase " + from + " is terminal; it cannot move to " + to + ".");
    }
    boolean legal = m.next().getOrDefault(from, Set.of()).contains(to);
    return new Verdict(legal, legal ? from + " → " + to : m.kind() + " cannot move from " + from + " to " + to + ".");
  }
}

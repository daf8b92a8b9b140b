package io.kubernaut.core.lifecycle;

import static java.util.Map.entry;

import io.kubernaut.ports.remediation.RemediationPhase;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every legal phase transition of every Kubernaut kind, listed once. A transition to the same
 * phase is always legal (a no-op); anything else not listed is rejected with a reason.
 */
public final class PhaseMachines {

  /** The verdict on one proposed transition. */
  public record Verdict(boolean legal, String reason) {}

  private static final Map<RemediationPhase, Set<RemediationPhase>> REMEDIATION = Map.of(
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
          RemediationPhase.TimedOut, RemediationPhase.Cancelled, RemediationPhase.Blocked));

  /** The child kinds' machines: kind → from → allowed targets. */
  private static final Map<String, Map<String, List<String>>> CHILDREN = Map.of(
      "AlertProcessing", Map.ofEntries(
          entry("", List.of("Enriching", "Failed")),
          entry("Enriching", List.of("Classifying", "Failed")),
          entry("Classifying", List.of("Routing", "Failed")),
          entry("Routing", List.of("Completed", "Failed"))),
      "AIAnalysis", Map.ofEntries(
          entry("", List.of("Investigating", "Failed")),
          entry("Investigating", List.of("Analyzing", "Failed")),
          entry("Analyzing", List.of("Recommending", "Failed")),
          entry("Recommending", List.of("Completed", "Failed"))),
      "WorkflowExecution", Map.ofEntries(
          entry("", List.of("Planning", "Failed")),
          entry("Planning", List.of("Validating", "Failed")),
          entry("Validating", List.of("Executing", "Failed", "Completed")),
          entry("Executing", List.of("Monitoring", "Failed", "RolledBack")),
          entry("Monitoring", List.of("Completed", "Failed"))),
      "KubernetesExecution", Map.ofEntries(
          entry("", List.of("Validating", "Failed")),
          entry("Validating", List.of("Executing", "Failed", "Completed")),
          entry("Executing", List.of("Verifying", "Failed", "RolledBack")),
          entry("Verifying", List.of("Completed", "Failed", "RolledBack"))));

  private static final Set<String> CHILD_TERMINAL = Set.of("Completed", "Failed", "RolledBack");

  private PhaseMachines() {}

  /** Whether an AlertRemediation may move from {@code from} (null before the first reconcile) to {@code to}. */
  public static Verdict remediation(RemediationPhase from, RemediationPhase to) {
    RemediationPhase start = from == null ? RemediationPhase.Pending : from;
    if (start == to) {
      return new Verdict(true, "unchanged");
    }
    if (start.isTerminal()) {
      return new Verdict(false, "AlertRemediation phase " + start + " is terminal; it cannot move to " + to + ".");
    }
    boolean legal = REMEDIATION.getOrDefault(start, Set.of()).contains(to);
    return new Verdict(legal, legal ? start + " → " + to : "AlertRemediation cannot move from " + start + " to " + to + ".");
  }

  /** Whether a child of {@code kind} may move from {@code from} (null or empty when new) to {@code to}. */
  public static Verdict child(String kind, String from, String to) {
    String start = from == null ? "" : from;
    if (start.equals(to)) {
      return new Verdict(true, "unchanged");
    }
    if (CHILD_TERMINAL.contains(start)) {
      return new Verdict(false, kind + " phase " + start + " is terminal; it cannot move to " + to + ".");
    }
    boolean legal = CHILDREN.getOrDefault(kind, Map.of()).getOrDefault(start, List.of()).contains(to);
    return new Verdict(legal, legal ? start + " → " + to : kind + " cannot move from '" + start + "' to " + to + ".");
  }

  /** Whether a child phase is terminal. */
  public static boolean childTerminal(String phase) {
    return phase != null && CHILD_TERMINAL.contains(phase);
  }
}

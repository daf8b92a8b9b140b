package io.kubernaut.k8s.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.kubernaut.k8s.crd.AIAnalysisStatus;
import io.kubernaut.k8s.crd.AlertProcessingStatus;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionStatus;
import io.kubernaut.k8s.crd.StatusSpine;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** An AlertRemediation, its children and the workflow's steps, as a tree with phases and durations. */
final class RemediationTree {

  private final Instant now;

  RemediationTree(Instant now) {
    this.now = now;
  }

  void print(PrintWriter out, AlertRemediation ar, List<HasMetadata> children, List<KubernetesExecution> steps) {
    var s = ar.getStatus();
    out.println(label(ar) + "  " + (s == null || s.getPhase() == null ? "Pending" : s.getPhase())
        + (s != null && s.getOutcome() != null ? " (" + s.getOutcome() + ")" : "") + "  " + took(ar, s));
    List<HasMetadata> sorted = children.stream().sorted(Comparator.comparing(c -> c.getMetadata().getCreationTimestamp()))
        .toList();
    for (int i = 0; i < sorted.size(); i++) {
      HasMetadata child = sorted.get(i);
      boolean last = i == sorted.size() - 1;
      out.println((last ? "└─ " : "├─ ") + label(child) + "  " + phase(child) + "  " + took(child, spine(child)));
      if (child instanceof WorkflowExecution) {
        List<KubernetesExecution> mine = steps.stream()
            .sorted(Comparator.comparing(k -> k.getMetadata().getCreationTimestamp())).toList();
        for (int j = 0; j < mine.size(); j++) {
          KubernetesExecution step = mine.get(j);
          String action = step.getSpec() == null ? "" : " " + step.getSpec().getAction();
          out.println((last ? "   " : "│  ") + (j == mine.size() - 1 ? "└─ " : "├─ ") + label(step) + action + "  "
              + phase(step) + "  " + took(step, step.getStatus()));
        }
      }
    }
    if (sorted.isEmpty()) {
      out.println("└─ (no children yet)");
    }
  }

  private static String label(HasMetadata object) {
    return object.getKind() + "/" + object.getMetadata().getName();
  }

  private static StatusSpine spine(HasMetadata object) {
    return object instanceof CustomResource<?, ?> cr && cr.getStatus() instanceof StatusSpine s ? s : null;
  }

  private static String phase(HasMetadata child) {
    StatusSpine s = spine(child);
    Object phase = s instanceof AlertProcessingStatus p ? p.getPhase() : s instanceof AIAnalysisStatus a ? a.getPhase()
        : s instanceof WorkflowExecutionStatus w ? w.getPhase() : s instanceof KubernetesExecutionStatus k ? k.getPhase() : null;
    return phase == null ? "Pending" : phase.toString();
  }

  /** How long it ran: start (or creation) to completion, or to now with "running" when not ended. */
  private String took(HasMetadata object, StatusSpine s) {
    String start = s != null && s.getStartTime() != null ? s.getStartTime() : object.getMetadata().getCreationTimestamp();
    if (start == null) {
      return "";
    }
    if (s != null && s.getCompletionTime() != null) {
      return "took " + RemediationTable.duration(Duration.between(Instant.parse(start), Instant.parse(s.getCompletionTime())));
    }
    return "running " + RemediationTable.duration(Duration.between(Instant.parse(start), now));
  }
}

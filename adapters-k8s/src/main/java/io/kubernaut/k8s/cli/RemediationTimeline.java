package io.kubernaut.k8s.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.PhaseTransition;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The phases of an AlertRemediation, each with when it began and how long it lasted. */
final class RemediationTimeline {

  private final Instant now;

  RemediationTimeline(Instant now) {
    this.now = now;
  }

  void print(PrintWriter out, AlertRemediation ar) {
    List<PhaseTransition> history = ar.getStatus() == null ? List.of() : ar.getStatus().phaseHistory();
    if (history.isEmpty()) {
      out.println("AlertRemediation " + ar.getMetadata().getName() + " has no phase history yet.");
      return;
    }
    out.println(String.format("%-18s %-22s %-10s %s", "PHASE", "ENTERED", "LASTED", "REASON"));
    for (int i = 0; i < history.size(); i++) {
      PhaseTransition t = history.get(i);
      Instant entered = Instant.parse(t.getEnteredAt());
      boolean last = i == history.size() - 1;
      String completion = ar.getStatus().getCompletionTime();
      String lasted;
      if (!last) {
        lasted = RemediationTable.duration(Duration.between(entered, Instant.parse(history.get(i + 1).getEnteredAt())));
      } else if (completion != null && ar.getStatus().getPhase() != null && ar.getStatus().getPhase().isTerminal()) {
        lasted = "(ended)";
      } else {
        lasted = RemediationTable.duration(Duration.between(entered, now)) + "+";
      }
      out.println(String.format("%-18s %-22s %-10s %s", t.getPhase(), t.getEnteredAt(), lasted,
          t.getReason() == null ? "" : t.getReason()).stripTrailing());
    }
  }

  /** The audit API's timeline ({@code GET /api/v1/remediations/{name}/timeline}) as lines. */
  static String fromAudit(String body) {
    try {
      JsonNode timeline = new ObjectMapper().readTree(body);
      StringBuilder b = new StringBuilder("From the audit trail:\n");
      b.append(String.format("%-26s %-40s %s%n", "AT", "RESOURCE", "CHANGE"));
      for (JsonNode p : timeline.path("phases")) {
        b.append(String.format("%-26s %-40s %s%n", p.path("at").asText(),
            p.path("resourceKind").asText() + "/" + p.path("resourceName").asText(),
            (p.path("from").isNull() || p.path("from").asText().isEmpty() ? "" : p.path("from").asText() + " -> ")
                + p.path("to").asText() + (p.path("reason").isNull() ? "" : "  " + p.path("reason").asText())));
      }
      for (JsonNode a : timeline.path("actions")) {
        b.append(String.format("%-26s %-40s %s%n", a.path("at").asText(), "step " + a.path("step").asText(),
            a.path("actionType").asText() + ": " + a.path("outcome").asText()));
      }
      for (JsonNode d : timeline.path("decisions")) {
        b.append(String.format("%-26s %-40s %s%n", d.path("at").asText(), d.path("kind").asText(), d.path("details")));
      }
      return b.toString().stripTrailing();
    } catch (IOException e) {
      throw new UncheckedIOException("The audit API's timeline is not JSON", e);
    }
  }
}

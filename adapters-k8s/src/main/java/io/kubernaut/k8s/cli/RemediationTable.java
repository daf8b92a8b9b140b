package io.kubernaut.k8s.cli;

import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One line per AlertRemediation, in the columns of the web console's list. */
final class RemediationTable {

  private static final String[] HEADER = {"NAME", "PHASE", "ENVIRONMENT", "PRIORITY", "ALERT", "TARGET", "AGE", "OUTCOME",
      "DUPLICATES"};
  private static final int[] WIDTHS = {40, 17, 12, 9, 26, 26, 8, 21, 10};

  private final boolean withNamespace;

  RemediationTable(boolean withNamespace) {
    this.withNamespace = withNamespace;
  }

  String header() {
    List<String> cells = new ArrayList<>(List.of(HEADER));
    return line(cells);
  }

  String row(AlertRemediation ar, Instant now) {
    AlertRemediationStatus s = ar.getStatus();
    var spec = ar.getSpec();
    String target = spec == null || spec.getTarget() == null ? "" : spec.getTarget().getKind() + "/" + spec.getTarget().getName();
    List<String> cells = new ArrayList<>(List.of(
        ar.getMetadata().getName(),
        s == null || s.getPhase() == null ? "Pending" : s.getPhase().name(),
        s == null || s.getEnvironment() == null ? "" : s.getEnvironment(),
        s == null || s.getPriority() == null ? "" : s.getPriority(),
        spec == null || spec.getAlertName() == null ? "" : spec.getAlertName(),
        target,
        age(ar.getMetadata().getCreationTimestamp(), now),
        s == null || s.getOutcome() == null ? "" : s.getOutcome(),
        s == null || s.getDuplicates() == null || s.getDuplicates().getCount() == null ? "0"
            : String.valueOf(s.getDuplicates().getCount())));
    return line(cells, ar.getMetadata().getNamespace());
  }

  private String line(List<String> cells) {
    return line(cells, "NAMESPACE");
  }

  private String line(List<String> cells, String namespace) {
    StringBuilder b = new StringBuilder();
    if (withNamespace) {
      b.append(pad(namespace, 20));
    }
    for (int i = 0; i < cells.size(); i++) {
      b.append(i == cells.size() - 1 ? cells.get(i) : pad(cells.get(i), WIDTHS[i]));
    }
    return b.toString().stripTrailing();
  }

  private static String pad(String cell, int width) {
    String text = cell == null ? "" : cell;
    return text.length() >= width ? text + "   " : text + " ".repeat(width - text.length());
  }

  /** An age as kubectl prints it: 45s, 12m, 5h, 3d. */
  static String age(String timestamp, Instant now) {
    if (timestamp == null) {
      return "";
    }
    return duration(Duration.between(Instant.parse(timestamp), now));
  }

  static String duration(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + (s < 600 && s % 60 != 0 ? s % 60 + "s" : "");
    }
    if (s < 48 * 3600) {
      return s / 3600 + "h" + (s < 8 * 3600 && (s / 60) % 60 != 0 ? (s / 60) % 60 + "m" : "");
    }
    return s / 86400 + "d";
  }
}

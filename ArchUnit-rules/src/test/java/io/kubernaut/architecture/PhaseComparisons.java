package io.kubernaut.architecture;

import io.kubernaut.ports.pipeline.AnalysisPhase;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.pipeline.ProcessingPhase;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds phases compared as strings in source code: {@code "Completed".equals(x)},
 * {@code x.equals("Failed")}, {@code case "Executing"} and the like, for every phase name of the
 * five kinds. Bytecode does not keep enough of a comparison for ArchUnit to see it, so this reads
 * the sources of main code.
 */
final class PhaseComparisons {

  private PhaseComparisons() {}

  /** Every phase name of the five kinds. */
  static Set<String> phaseNames() {
    Set<String> names = new TreeSet<>();
    Stream.of(RemediationPhase.values(), ProcessingPhase.values(), AnalysisPhase.values(), WorkflowPhase.values(),
        ExecutionPhase.values()).flatMap(Stream::of).forEach(p -> names.add(p.name()));
    return names;
  }

  private static Pattern pattern() {
    String names = String.join("|", phaseNames());
    String literal = "\"(?:" + names + ")\"";
    return Pattern.compile(literal + "\\s*\\.\\s*equals(?:IgnoreCase)?\\s*\\("
        + "|\\.\\s*equals(?:IgnoreCase)?\\s*\\(\\s*" + literal + "\\s*\\)"
        + "|[=!]=\\s*" + literal
        + "|case\\s+" + literal
        + "|contains\\s*\\(\\s*" + literal + "\\s*\\)");
  }

  /** The comparisons in one source text, as {@code <where>:<line>: <text>}. */
  static List<String> in(String where, String source) {
    List<String> found = new ArrayList<>();
    Pattern p = pattern();
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = p.matcher(lines[i]);
      if (m.find()) {
        found.add(where + ":" + (i + 1) + ": " + lines[i].trim());
      }
    }
    return found;
  }

  /** The comparisons in every {@code src/main/java} under {@code root}. */
  static List<String> inMainSources(Path root) {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/")
          && !f.toString().contains("/target/")).toList()) {
        found.addAll(in(root.relativize(file).toString(), Files.readString(file)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }
}

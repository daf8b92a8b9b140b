package io.kubernaut.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** No phase is compared as a string anywhere in main code: phases are enums and compared as enums. */
class PhaseComparisonsTest {

  @Test
  void noMainSourceComparesAPhaseAsAString() {
    Path root = Path.of("..").toAbsolutePath().normalize();
    assertThat(Files.isDirectory(root.resolve("adapters-k8s/src/main/java"))).as("run from the ArchUnit-rules module").isTrue();
    assertThat(PhaseComparisons.inMainSources(root)).isEmpty();
  }

  @Test
  void theScanBitesOnEveryFormOfAStringComparison() {
    String bad = String.join("\n",
        "boolean a = \"Completed\".equals(phase);",
        "boolean b = phase.equals(\"RolledBack\");",
        "boolean c = phase == \"Failed\";",
        "switch (phase) { case \"Executing\" -> go(); }",
        "boolean d = Set.of(\"x\").contains(\"Monitoring\");",
        "boolean ok = phase == ExecutionPhase.Completed;",
        "String shown = \"Completed\";");
    assertThat(PhaseComparisons.in("Bad.java", bad)).hasSize(5)
        .allSatisfy(v -> assertThat(v).startsWith("Bad.java:"))
        .noneMatch(v -> v.contains("ExecutionPhase.Completed") || v.contains("String shown"));
  }
}

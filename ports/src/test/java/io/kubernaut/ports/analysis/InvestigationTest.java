package io.kubernaut.ports.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvestigationTest {

  @Test
  void anAnswerOfMegabytesIsCutToWhatAStatusCanHold() {
    List<String> evidence = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      evidence.add("e".repeat(10_000));
    }
    evidence.add(null);
    Investigation huge = new Investigation("r".repeat(3_000_000), evidence, List.of(), 0.9);

    assertThat(huge.rootCause()).hasSize(Investigation.MAX_ROOT_CAUSE).endsWith("\u2026");
    assertThat(huge.evidence()).hasSize(Investigation.MAX_EVIDENCE)
        .allSatisfy(e -> assertThat(e).hasSize(Investigation.MAX_EVIDENCE_ITEM).endsWith("\u2026"));
  }

  @Test
  void anOrdinaryAnswerIsKeptAsItIs() {
    Investigation plain = new Investigation("The pod runs out of memory.", List.of("OOMKilled 9 times"), List.of(), 0.8);

    assertThat(plain.rootCause()).isEqualTo("The pod runs out of memory.");
    assertThat(plain.evidence()).containsExactly("OOMKilled 9 times");
  }
}

package io.kubernaut.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.remediation.RemediationDecision;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.RemediationSnapshot;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RemediationConductorTest {

  private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
  private final RemediationConductor conductor = new RemediationConductor();

  @Test
  void newRemediationStartsPending() {
    RemediationDecision d = conductor.decide(new RemediationSnapshot("ar-1", null, NOW, null, false, NOW));
    assertThat(d.phase()).isEqualTo(RemediationPhase.Pending);
    assertThat(d.message()).contains("ar-1");
  }

  @Test
  void resolutionBeforeExecutionCompletesAsAutoResolved() {
    RemediationDecision d = conductor.decide(new RemediationSnapshot("ar-1", RemediationPhase.Pending, NOW, NOW, false, NOW));
    assertThat(d.phase()).isEqualTo(RemediationPhase.Completed);
    assertThat(d.outcome()).isEqualTo("AutoResolved");
  }

  @Test
  void resolutionDuringExecutionDoesNotEndTheRemediation() {
    RemediationDecision d = conductor.decide(new RemediationSnapshot("ar-1", RemediationPhase.Executing, NOW, NOW, false, NOW));
    assertThat(d.phase()).isEqualTo(RemediationPhase.Executing);
  }

  @Test
  void cancelAnnotationCancelsAnActiveRemediation() {
    RemediationDecision d = conductor.decide(new RemediationSnapshot("ar-1", RemediationPhase.Processing, NOW, null, true, NOW));
    assertThat(d.phase()).isEqualTo(RemediationPhase.Cancelled);
  }

  @Test
  void terminalRemediationStaysWhereItIs() {
    RemediationDecision d = conductor.decide(new RemediationSnapshot("ar-1", RemediationPhase.Failed, NOW, NOW, true, NOW));
    assertThat(d.phase()).isEqualTo(RemediationPhase.Failed);
  }
}

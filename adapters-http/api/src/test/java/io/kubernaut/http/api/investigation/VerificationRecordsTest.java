package io.kubernaut.http.api.investigation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEventPage;
import io.kubernaut.ports.audit.AuditEventQuery;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.audit.StoredAuditEvent;
import io.kubernaut.ports.audit.Timeline;
import io.kubernaut.ports.history.SuccessRate;
import io.kubernaut.ports.out.AuditQueries;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerificationRecordsTest {

  private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
  private final List<AuditEvent> events = new ArrayList<>();
  private final AuditQueries audit = new AuditQueries() {
    @Override
    public AuditEventPage events(AuditEventQuery query) {
      List<StoredAuditEvent> found = new ArrayList<>();
      events.stream().filter(e -> query.remediationId().map(e.remediationId()::equals).orElse(true))
          .forEach(e -> found.add(new StoredAuditEvent(found.size() + 1, e, e.occurredAt())));
      return new AuditEventPage(found, Optional.empty());
    }

    @Override
    public Optional<Timeline> timeline(String remediationId) {
      return Optional.empty();
    }
  };
  private final VerificationRecords records = new VerificationRecords(audit);

  private void verified(String ar, String outcome, String... results) {
    AuditEvents e = new AuditEvents(ar, new Fingerprint("a".repeat(64)), new TargetRef("Deployment", "shop", "api"));
    for (int i = 0; i < results.length; i++) {
      events.add(e.verification(T0.plusSeconds(30L * (i + 1)), "restarts-stopped", results[i], (double) i, "m" + i));
    }
    if (outcome != null) {
      events.add(e.finalRecord(T0.plusSeconds(600), "Completed", outcome, null));
    }
  }

  @Test
  void theVerificationOfARemediationIsFoundByItsWorkflowsExecutionIdAndCounted() {
    verified("ar-1", "NotRemediated", "PASSED", "FAILED", "FAILED");
    VerificationRecords.Verified v = records.of("", "ar-1-workflow-b").orElseThrow();
    assertThat(v.remediation()).isEqualTo("ar-1");
    assertThat(v.outcome()).contains("NotRemediated");
    assertThat(v.judged()).isTrue();
    assertThat(List.of(v.passed(), v.failed(), v.missing())).containsExactly(1, 2, 0);
    assertThat(v.lastValues()).containsEntry("restarts-stopped", "FAILED 2.0");
  }

  @Test
  void confidenceIsTheShareOfMeasurementsThatAgreeWithTheVerdict() {
    verified("ar-1", "NotRemediated", "PASSED", "FAILED", "FAILED", "MISSING");
    verified("ar-2", "Remediated", "PASSED", "PASSED", "FAILED", "PASSED");
    assertThat(AssessmentRoutes.confidence(records.of("ar-1", ""), false, null)).isEqualTo(0.75);
    assertThat(AssessmentRoutes.confidence(records.of("ar-2", ""), true, null)).isEqualTo(0.75);
  }

  @Test
  void withoutVerificationTheConfidenceComesFromTheVerifiedHistoryElseOneHalf() {
    assertThat(records.of("", "exec-unknown")).isEmpty();
    assertThat(AssessmentRoutes.confidence(Optional.empty(), true, new SuccessRate(4, 1))).isEqualTo(0.25);
    assertThat(AssessmentRoutes.confidence(Optional.empty(), false, new SuccessRate(4, 1))).isEqualTo(0.75);
    assertThat(AssessmentRoutes.confidence(Optional.empty(), true, null)).isEqualTo(0.5);
  }
}

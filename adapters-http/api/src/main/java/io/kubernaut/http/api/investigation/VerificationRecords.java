package io.kubernaut.http.api.investigation;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEventQuery;
import io.kubernaut.ports.audit.AuditEventType;
import io.kubernaut.ports.audit.AuditKeys;
import io.kubernaut.ports.audit.StoredAuditEvent;
import io.kubernaut.ports.out.AuditQueries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the audit trail holds of one remediation's verification: its final outcome and the
 * measurements of its checks, read for {@code /postexec/analyze}.
 */
final class VerificationRecords {

  /** Outcomes that judge whether the problem went away. */
  static final Set<String> VERIFIED = Set.of("Remediated", "PartiallyRemediated", "NotRemediated", "RolledBack",
      "Inconclusive");

  private final AuditQueries audit;

  VerificationRecords(AuditQueries audit) {
    this.audit = audit;
  }

  /**
   * One remediation's verification.
   *
   * @param remediation the AlertRemediation
   * @param outcome its final outcome, when it ended
   * @param passed measurements that passed
   * @param failed measurements that failed
   * @param missing measurements without data
   * @param lastValues each check's last result and value
   */
  record Verified(String remediation, Optional<String> outcome, int passed, int failed, int missing,
      Map<String, String> lastValues) {

    int measurements() {
      return passed + failed + missing;
    }

    /** Whether the outcome is one that verification decided. */
    boolean judged() {
      return outcome.filter(VERIFIED::contains).isPresent();
    }
  }

  /**
   * The verification of the remediation named by {@code remediation}, or by an execution id such as
   * {@code <remediation>-workflow} or {@code <remediation>-workflow-<step>}; empty when the trail has
   * nothing of it or cannot be read.
   */
  Optional<Verified> of(String remediation, String executionId) {
    for (String id : candidates(remediation, executionId)) {
      List<StoredAuditEvent> events;
      try {
        events = audit.events(AuditEventQuery.all().withRemediation(id).withLimit(AuditEventQuery.MAX_LIMIT)).events();
      } catch (RuntimeException e) {
        return Optional.empty();
      }
      if (events.isEmpty()) {
        continue;
      }
      Optional<String> outcome = Optional.empty();
      int passed = 0;
      int failed = 0;
      int missing = 0;
      Map<String, String> last = new LinkedHashMap<>();
      for (StoredAuditEvent stored : events) {
        AuditEvent e = stored.event();
        if (e.type() == AuditEventType.REMEDIATION_FINAL) {
          outcome = Optional.ofNullable(e.payload().get(AuditKeys.OUTCOME));
        } else if (e.type() == AuditEventType.VERIFICATION) {
          String result = e.payload().getOrDefault("result", "");
          passed += "PASSED".equals(result) ? 1 : 0;
          failed += "FAILED".equals(result) ? 1 : 0;
          missing += "MISSING".equals(result) ? 1 : 0;
          last.put(e.payload().getOrDefault("check", ""), result + (e.payload().containsKey("value")
              ? " " + e.payload().get("value") : ""));
        }
      }
      return Optional.of(new Verified(id, outcome, passed, failed, missing, last));
    }
    return Optional.empty();
  }

  private static List<String> candidates(String remediation, String executionId) {
    if (!remediation.isEmpty()) {
      return List.of(remediation);
    }
    int workflow = executionId.indexOf("-workflow");
    return workflow > 0 ? List.of(executionId, executionId.substring(0, workflow)) : List.of(executionId);
  }
}

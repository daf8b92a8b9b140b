package io.kubernaut.http.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The audit meters read the trail's counters at scrape time. */
class AuditMetricsTest {

  @Test
  void theScrapeShowsTheBacklogWrittenEventsAndFailedAttemptsOfTheTrail() {
    InMemoryAuditQueries store = new InMemoryAuditQueries();
    InMemoryAuditTrail trail = new InMemoryAuditTrail(store);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AuditMetrics.register(registry, trail);
    AuditEvents events = new AuditEvents("ar-1", new Fingerprint("f".repeat(64)), new TargetRef("Pod", "ns", "p"));

    trail.record(events.approval(Instant.parse("2025-03-01T10:00:00Z"), "Approved", "alice", null));
    trail.record(events.approval(Instant.parse("2025-03-01T10:00:00Z"), "Approved", "alice", null));
    trail.counters(17, 3);
    String scrape = registry.scrape();

    assertThat(scrape).contains("kubernaut_audit_backlog 17.0", "kubernaut_audit_events_written_total 1.0",
        "kubernaut_audit_write_failures_total 3.0", "kubernaut_audit_events_rejected_total 0.0");
  }
}

package io.kubernaut.http.api.audit;

import io.kubernaut.ports.out.AuditTrail;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The audit trail's meters, read from its own counters at scrape time: the backlog (accepted, not
 * yet written), events written, failed write attempts (retried) and events given up as malformed.
 */
final class AuditMetrics {

  static final String BACKLOG = "kubernaut_audit_backlog";
  static final String WRITTEN = "kubernaut_audit_events_written";
  static final String FAILED_ATTEMPTS = "kubernaut_audit_write_failures";
  static final String REJECTED = "kubernaut_audit_events_rejected";

  private AuditMetrics() {}

  /** Registers the meters; the registry holds the trail weakly, and the component holds it strongly. */
  static void register(MeterRegistry registry, AuditTrail trail) {
    Gauge.builder(BACKLOG, trail, AuditTrail::backlog)
        .description("Audit events accepted but not yet written to the database")
        .register(registry);
    FunctionCounter.builder(WRITTEN, trail, t -> t.written())
        .description("Audit events written (or found already written)")
        .register(registry);
    FunctionCounter.builder(FAILED_ATTEMPTS, trail, t -> t.failedAttempts())
        .description("Audit write attempts that failed and are retried")
        .register(registry);
    FunctionCounter.builder(REJECTED, trail, t -> t.rejected())
        .description("Audit events the database refused as malformed and that were given up")
        .register(registry);
  }
}

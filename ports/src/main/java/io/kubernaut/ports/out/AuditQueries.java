package io.kubernaut.ports.out;

import io.kubernaut.ports.audit.AuditEventPage;
import io.kubernaut.ports.audit.AuditEventQuery;
import io.kubernaut.ports.audit.Timeline;
import java.util.Optional;

/**
 * Driven port: reading the audit trail. Answers come in the stable order (occurredAt, id).
 *
 * <p>Every method throws {@link io.kubernaut.ports.failure.RetryableException} when the store
 * cannot be reached, and {@link io.kubernaut.ports.failure.PermanentException} for a query the
 * store cannot answer (such as a malformed cursor).
 */
public interface AuditQueries {

  /** One page of events matching the query. */
  AuditEventPage events(AuditEventQuery query);

  /** Everything recorded about one remediation, or empty when the store knows nothing of it. */
  Optional<Timeline> timeline(String remediationId);
}

package io.kubernaut.ports.audit;

import java.time.Instant;

/**
 * An audit event as the store holds it.
 *
 * @param id the store's sequence number, the tie-breaker of the stable order
 * @param event the event as recorded (instants at the store's microsecond precision)
 * @param recordedAt when the store wrote it
 */
public record StoredAuditEvent(long id, AuditEvent event, Instant recordedAt) {}

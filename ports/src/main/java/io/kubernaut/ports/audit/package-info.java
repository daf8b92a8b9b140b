/**
 * The audit trail's contract: {@link io.kubernaut.ports.audit.AuditEvent} and its types, keys and
 * factories, and the query records of {@link io.kubernaut.ports.out.AuditQueries}.
 */
package io.kubernaut.ports.audit;

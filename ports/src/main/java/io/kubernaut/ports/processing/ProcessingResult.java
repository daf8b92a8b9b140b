package io.kubernaut.ports.processing;

import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.Priority;
import io.kubernaut.ports.remediation.Severity;
import io.kubernaut.ports.workflow.RollbackStrategy;
import java.util.Objects;

/**
 * The outcome of AlertProcessing: context, classification and route.
 *
 * @param enrichment what was gathered
 * @param environment the classified environment
 * @param severity the normalised severity
 * @param priority P0–P3
 * @param businessCriticality from the namespace annotation {@code kubernaut.io/business-criticality}, or {@code standard}
 * @param path the route the remediation takes
 * @param routingReason a sentence explaining the route
 * @param rollbackStrategy what the remediation's workflow does with its completed steps when a critical step fails
 */
public record ProcessingResult(
    Enrichment enrichment,
    Environment environment,
    Severity severity,
    Priority priority,
    String businessCriticality,
    RemediationPath path,
    String routingReason,
    RollbackStrategy rollbackStrategy) {
  public ProcessingResult {
    rollbackStrategy = rollbackStrategy == null ? RollbackStrategy.AUTOMATIC : rollbackStrategy;
    Objects.requireNonNull(enrichment, "enrichment");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(path, "path");
  }

  /** A result whose workflow rolls back automatically. */
  public ProcessingResult(Enrichment enrichment, Environment environment, Severity severity, Priority priority,
      String businessCriticality, RemediationPath path, String routingReason) {
    this(enrichment, environment, severity, priority, businessCriticality, path, routingReason, RollbackStrategy.AUTOMATIC);
  }
}

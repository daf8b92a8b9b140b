package io.kubernaut.k8s.workflow;

import io.kubernaut.ports.out.AlertStateReader;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.out.MetricsReader;
import java.util.Objects;

/**
 * What the WorkflowExecution controller verifies with: the metrics source, Alertmanager's alert
 * state and the audit trail where each measurement is recorded.
 */
public record WorkflowVerificationSources(MetricsReader metrics, AlertStateReader alerts, AuditTrail audit) {

  public WorkflowVerificationSources {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(audit, "audit");
  }

}

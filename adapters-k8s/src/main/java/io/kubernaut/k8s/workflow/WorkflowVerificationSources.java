package io.kubernaut.k8s.workflow;

import io.kubernaut.ports.out.AlertStateReader;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.out.MetricsReader;
import io.kubernaut.ports.out.SilenceKeeper;
import java.util.Objects;

/**
 * What the WorkflowExecution controller verifies with: the metrics source, Alertmanager's alert
 * state, the audit trail where each measurement is recorded, and the silences kept while acting.
 */
public record WorkflowVerificationSources(MetricsReader metrics, AlertStateReader alerts, AuditTrail audit,
    SilenceKeeper silences) {

  public WorkflowVerificationSources {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(silences, "silences");
  }

}

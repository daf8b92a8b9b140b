package io.kubernaut.ports.workflow;

import io.kubernaut.ports.safety.VerificationRules;
import io.kubernaut.ports.signal.TargetRef;
import io.kubernaut.ports.verification.AlertActivity;
import io.kubernaut.ports.verification.Measurement;
import io.kubernaut.ports.verification.QueryAnswer;
import io.kubernaut.ports.verification.VerificationPolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What Monitoring needs to verify a workflow with metrics: the checks configured, the alert and its
 * target, the measurements taken so far, and the answers of this reconcile.
 *
 * @param policy {@code verification.yaml}
 * @param alertName the alert's name, which selects its checks
 * @param target the workflow's target, whose names fill the queries' placeholders
 * @param labels the alert's labels (for placeholders the target does not give, such as a pod's node)
 * @param environment the remediation's environment
 * @param rules what follows a failed verification in that environment
 * @param metricsConfigured whether a metrics source is configured; without one monitoring works as without checks
 * @param history the measurements recorded so far, oldest first
 * @param answers the queries answered in this reconcile, by check name; empty when none were asked
 * @param activity the alert's state in Alertmanager read in this reconcile; null when not configured or not read
 */
public record Verification(VerificationPolicy policy, String alertName, TargetRef target, Map<String, String> labels,
    String environment, VerificationRules rules, boolean metricsConfigured, List<Measurement> history,
    Map<String, QueryAnswer> answers, AlertActivity activity) {

  public Verification {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(target, "target");
    alertName = alertName == null ? "" : alertName;
    labels = Map.copyOf(labels == null ? Map.of() : labels);
    rules = rules == null ? VerificationRules.defaults() : rules;
    history = List.copyOf(history == null ? List.of() : history);
    answers = Map.copyOf(answers == null ? Map.of() : answers);
  }

  /** This verification with the answers and the alert's state read in this reconcile. */
  public Verification withAnswers(Map<String, QueryAnswer> read, AlertActivity seen) {
    return new Verification(policy, alertName, target, labels, environment, rules, metricsConfigured, history, read, seen);
  }
}

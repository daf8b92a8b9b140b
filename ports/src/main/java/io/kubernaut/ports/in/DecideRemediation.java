package io.kubernaut.ports.in;

import io.kubernaut.ports.remediation.RemediationDecision;
import io.kubernaut.ports.remediation.RemediationSnapshot;

/** Driving port: the central controller's pure decision for one observed AlertRemediation. */
public interface DecideRemediation {
  RemediationDecision decide(RemediationSnapshot snapshot);
}

package io.kubernaut.ports.remediation;

/** Remediation priority, P0 most urgent. */
public enum Priority {
  P0,
  P1,
  P2,
  P3
}

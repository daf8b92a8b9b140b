package io.kubernaut.ports.remediation;

/** Reasons carried by conditions and events, UpperCamelCase by convention. */
public enum ConditionReason {
  Accepted,
  AwaitingProcessing,
  AutoResolved,
  Cancelled,
  AlertStorm,
  AuditPending,
  AuditConfirmed,
  InvalidTransition
}

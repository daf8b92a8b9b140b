package io.kubernaut.http.api;

/** Reasons of the {@code Ready} and {@code Degraded} conditions in {@code /readyz}'s body. */
enum ReadinessReason {
  /** Every component answered ready. */
  ComponentsReady,
  /** The server drains requests before it stops. */
  ShuttingDown,
  /** A component the gateway needs to persist alerts (the Kubernetes API) is down. */
  RequiredComponentUnavailable,
  /** A component the gateway does without for a while (the audit database) is down. */
  OptionalComponentUnavailable
}

package io.kubernaut.ports.pipeline;

/** KubernetesExecution phases. */
public enum ExecutionPhase { Validating, Executing, Verifying, Completed, Failed, RolledBack }

package io.kubernaut.ports.pipeline;

/** WorkflowExecution phases. */
public enum WorkflowPhase { Planning, Validating, Executing, Monitoring, Completed, Failed, RolledBack }

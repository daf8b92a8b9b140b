/**
 * Boundary records of the workflow: the step DAG ({@link io.kubernaut.ports.workflow.WorkflowPlan}),
 * each step's state, and the monitoring verdict with its effectiveness score.
 */
package io.kubernaut.ports.workflow;

/** What the KubernetesExecution controller observes of one execution and what its conductor decides. */
package io.kubernaut.ports.execution;

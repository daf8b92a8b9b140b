package io.kubernaut.k8s.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;

/**
 * The relay of each pipeline kind ({@link PrimaryRelay}): the one informer per kind, its
 * controller's, through which the other controllers read and watch it. The AlertRemediation
 * controller reads its children through the processing, analysis and workflow relays; the workflow
 * controller its executions and its remediation; the execution controller its remediation.
 */
public record PrimaryRelays(PrimaryRelay<AlertRemediation> remediations, PrimaryRelay<AlertProcessing> processings,
    PrimaryRelay<AIAnalysis> analyses, PrimaryRelay<WorkflowExecution> workflows,
    PrimaryRelay<KubernetesExecution> executions) {

  /** A relay per kind, each reading through {@code client} until its controller has listed. */
  public static PrimaryRelays on(KubernetesClient client) {
    return new PrimaryRelays(new PrimaryRelay<>(AlertRemediation.class, client),
        new PrimaryRelay<>(AlertProcessing.class, client), new PrimaryRelay<>(AIAnalysis.class, client),
        new PrimaryRelay<>(WorkflowExecution.class, client), new PrimaryRelay<>(KubernetesExecution.class, client));
  }
}

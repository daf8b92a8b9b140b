package io.kubernaut.k8s.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.status.KubernetesEvents;
import io.kubernaut.k8s.status.StatusSealer;

/**
 * The relay of each pipeline kind ({@link PrimaryRelay}): the one informer per kind, its
 * controller's, through which the other controllers read and watch it. The AlertRemediation
 * controller reads its children through the processing, analysis and workflow relays; the workflow
 * controller its executions and its remediation; the execution controller its remediation.
 *
 * <p>With them go the {@link StatusSealer}: the processing and analysis controllers seal the results
 * they write, and the remediation and workflow controllers act only on results whose seal verifies; and
 * the {@link KubernetesEvents} every controller tells its decisions with.
 */
public record PrimaryRelays(PrimaryRelay<AlertRemediation> remediations, PrimaryRelay<AlertProcessing> processings,
    PrimaryRelay<AIAnalysis> analyses, PrimaryRelay<WorkflowExecution> workflows,
    PrimaryRelay<KubernetesExecution> executions, StatusSealer sealer, KubernetesEvents events) {

  /**
   * A relay per kind, each reading through {@code client} until its controller has listed, with a sealer
   * of a random key: the results the controllers sharing these relays seal verify in this process only.
   * Events are sent before the emit returns.
   */
  public static PrimaryRelays on(KubernetesClient client) {
    return on(client, StatusSealer.random());
  }

  /**
   * A relay per kind, each reading through {@code client} until its controller has listed, sealing with
   * {@code sealer}; Events are sent before the emit returns.
   */
  public static PrimaryRelays on(KubernetesClient client, StatusSealer sealer) {
    return on(client, sealer, new KubernetesEvents(client));
  }

  /** A relay per kind, each reading through {@code client} until its controller has listed, sealing with {@code sealer}. */
  public static PrimaryRelays on(KubernetesClient client, StatusSealer sealer, KubernetesEvents events) {
    return new PrimaryRelays(new PrimaryRelay<>(AlertRemediation.class, client),
        new PrimaryRelay<>(AlertProcessing.class, client), new PrimaryRelay<>(AIAnalysis.class, client),
        new PrimaryRelay<>(WorkflowExecution.class, client), new PrimaryRelay<>(KubernetesExecution.class, client), sealer,
        events);
  }

  /** Notes {@code child}, as the API server answered its create, on its kind's relay ({@link PrimaryRelay#created}). */
  public void created(io.fabric8.kubernetes.api.model.HasMetadata child) {
    if (child instanceof AlertProcessing ap) {
      processings.created(ap);
    } else if (child instanceof AIAnalysis aia) {
      analyses.created(aia);
    } else if (child instanceof WorkflowExecution wfe) {
      workflows.created(wfe);
    } else if (child instanceof KubernetesExecution kex) {
      executions.created(kex);
    } else if (child instanceof AlertRemediation ar) {
      remediations.created(ar);
    }
  }
}

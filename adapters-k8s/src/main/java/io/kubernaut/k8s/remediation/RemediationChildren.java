package io.kubernaut.k8s.remediation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.StatusSpine;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.ports.pipeline.ChildKind;
import io.kubernaut.ports.pipeline.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The children of one AlertRemediation, read from the informer caches. */
record RemediationChildren(AlertProcessing processing, AIAnalysis analysis, WorkflowExecution workflow) {

  /**
   * The children of {@code ar} in the caches. The caches find a child by its deterministic name, so
   * one is taken only if {@code ar} controls it (its controller owner reference carries this
   * remediation's uid): an object of that name left by an earlier remediation of the same name
   * (its garbage collection still pending) or made by hand is not this remediation's child.
   */
  static RemediationChildren of(AlertRemediation ar, Context<AlertRemediation> context) {
    return new RemediationChildren(
        context.getSecondaryResource(AlertProcessing.class).filter(c -> Children.controlledBy(c, ar)).orElse(null),
        context.getSecondaryResource(AIAnalysis.class).filter(c -> Children.controlledBy(c, ar)).orElse(null),
        context.getSecondaryResource(WorkflowExecution.class).filter(c -> Children.controlledBy(c, ar)).orElse(null));
  }

  Optional<HasMetadata> get(ChildKind kind) {
    return Optional.ofNullable(switch (kind) {
      case PROCESSING -> processing;
      case ANALYSIS -> analysis;
      case WORKFLOW -> workflow;
    });
  }

  /** The child's current phase as its kind's typed phase; null when it has none yet. */
  static Phase phaseOf(ChildKind kind, HasMetadata child) {
    Phase field = null;
    if (child instanceof AlertProcessing ap && ap.getStatus() != null) {
      field = ap.getStatus().getPhase();
    } else if (child instanceof AIAnalysis aia && aia.getStatus() != null) {
      field = aia.getStatus().getPhase();
    } else if (child instanceof WorkflowExecution wfe && wfe.getStatus() != null) {
      field = wfe.getStatus().getPhase();
    }
    StatusSpine status = child instanceof CustomResource<?, ?> cr && cr.getStatus() instanceof StatusSpine s ? s : null;
    return StatusPatches.phaseOf(kind::phase, status, field);
  }

  /**
   * These children with {@code created} among them, as this reconcile just created it: the status
   * written in the same reconcile names it (Pending) instead of a second write once the informer
   * shows it. A child the cache already holds is kept.
   */
  RemediationChildren with(HasMetadata created) {
    return new RemediationChildren(
        processing == null && created instanceof AlertProcessing ap ? ap : processing,
        analysis == null && created instanceof AIAnalysis aia ? aia : analysis,
        workflow == null && created instanceof WorkflowExecution wfe ? wfe : workflow);
  }

  List<HasMetadata> all() {
    List<HasMetadata> all = new ArrayList<>();
    for (ChildKind kind : ChildKind.values()) {
      get(kind).ifPresent(all::add);
    }
    return all;
  }
}

package io.kubernaut.k8s.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.pipeline.ChildKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The children of one AlertRemediation, read from the informer caches. */
record RemediationChildren(AlertProcessing processing, AIAnalysis analysis, WorkflowExecution workflow) {

  static RemediationChildren of(Context<AlertRemediation> context) {
    return new RemediationChildren(
        context.getSecondaryResource(AlertProcessing.class).orElse(null),
        context.getSecondaryResource(AIAnalysis.class).orElse(null),
        context.getSecondaryResource(WorkflowExecution.class).orElse(null));
  }

  Optional<HasMetadata> get(ChildKind kind) {
    return Optional.ofNullable(switch (kind) {
      case PROCESSING -> processing;
      case ANALYSIS -> analysis;
      case WORKFLOW -> workflow;
    });
  }

  List<HasMetadata> all() {
    List<HasMetadata> all = new ArrayList<>();
    for (ChildKind kind : ChildKind.values()) {
      get(kind).ifPresent(all::add);
    }
    return all;
  }
}

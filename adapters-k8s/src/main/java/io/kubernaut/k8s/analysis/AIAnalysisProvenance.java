package io.kubernaut.k8s.analysis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.remediation.ChildFactory;
import io.kubernaut.k8s.runtime.PrimaryRelay;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.ports.pipeline.ChildKind;
import java.util.Optional;

/**
 * Whether an AIAnalysis is the one its AlertRemediation built, checked before its investigators are
 * asked. An investigator that calls out (an LLM, HolmesGPT with its cluster tools) is sent the
 * analysis's spec and may read the cluster about its target: an analysis made by hand, or one
 * whose spec names another target or carries enrichment of its own choosing, would have them
 * investigate what nobody alerted on, at the cost of their tokens, and write what they found into
 * its status. It must be controlled by an AlertRemediation that exists (an owner reference with its
 * uid), carry the name that remediation gives its analysis, and have the spec the remediation builds
 * from its alert and its processing's result. The remediation checks the analysis's result again
 * before using it ({@code RemediationObserver}); the chart's admission policy refuses such an
 * analysis before either.
 */
final class AIAnalysisProvenance {

  /** Why an analysis is not its remediation's (a sentence fragment), and the remediation it names, if it exists. */
  record Refusal(AlertRemediation remediation, String reason) {}

  private final PrimaryRelay<AlertRemediation> remediations;
  private final PrimaryRelay<AlertProcessing> processings;

  AIAnalysisProvenance(PrimaryRelay<AlertRemediation> remediations, PrimaryRelay<AlertProcessing> processings) {
    this.remediations = remediations;
    this.processings = processings;
  }

  /**
   * The refusal of {@code aia}; empty when its remediation built it. Objects missing from the caches,
   * or a spec that differs from what the cached objects build, are read again from the API server
   * through {@code client} (a cache may lag) before the analysis is refused.
   */
  Optional<Refusal> check(AIAnalysis aia, KubernetesClient client) {
    Optional<OwnerReference> owner = Children.controllerReference(aia, "AlertRemediation");
    if (owner.isEmpty()) {
      return refused(null, "it is not controlled by an AlertRemediation (no controller owner reference); an analysis "
          + "is created by its remediation only");
    }
    String remediation = owner.get().getName();
    String namespace = aia.getMetadata().getNamespace();
    AlertRemediation ar = read(remediations, AlertRemediation.class, new ResourceID(remediation, namespace), false,
        client);
    if (ar == null || !Children.controlledBy(aia, ar)) {
      return refused(null, "AlertRemediation " + remediation + ", which its owner reference names, does not exist"
          + (ar == null ? "" : " with that uid"));
    }
    String name = ChildKind.ANALYSIS.childName(remediation);
    if (!name.equals(aia.getMetadata().getName())) {
      return refused(ar, "AlertRemediation " + remediation + " names its analysis " + name);
    }
    ResourceID processing = new ResourceID(ChildKind.PROCESSING.childName(remediation), namespace);
    AlertProcessing cached = read(processings, AlertProcessing.class, processing, false, client);
    if (cached != null && ChildFactory.sameSpec(aia.getSpec(), ChildFactory.analysisSpec(ar, cached))) {
      return Optional.empty();
    }
    AlertProcessing fresh = read(processings, AlertProcessing.class, processing, true, client);
    if (fresh == null) {
      return refused(ar, "it cannot be checked against the result of AlertRemediation " + remediation
          + "'s AlertProcessing, which is gone");
    }
    if (ChildFactory.sameSpec(aia.getSpec(), ChildFactory.analysisSpec(ar, fresh))) {
      return Optional.empty();
    }
    return refused(ar, "its spec differs from what AlertRemediation " + remediation + " builds from its alert and its "
        + "processing's result");
  }

  private static Optional<Refusal> refused(AlertRemediation ar, String reason) {
    return Optional.of(new Refusal(ar, reason));
  }

  /** {@code id} as cached (or from the API server when the cache lacks it), or only from the API server when {@code fresh}. */
  private static <T extends HasMetadata> T read(PrimaryRelay<T> relay, Class<T> kind, ResourceID id, boolean fresh,
      KubernetesClient client) {
    Optional<T> cached = fresh ? Optional.empty() : relay.get(id);
    return cached.orElseGet(() -> client.resources(kind).inNamespace(id.getNamespace().orElse(null))
        .withName(id.getName()).get());
  }
}

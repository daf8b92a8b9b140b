package io.kubernaut.k8s.analysis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.remediation.ChildFactory;
import io.kubernaut.k8s.runtime.PrimaryRelay;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.ports.pipeline.ChildKind;
import io.kubernaut.ports.remediation.RemediationPhase;
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

  /**
   * What the check found against an analysis: made or changed by hand (refused and audited); not
   * checkable, its remediation's processing gone while the remediation lives (refused and audited,
   * without calling it forged); or overtaken, its remediation ended, being deleted or gone (it ends
   * without an investigator asked, not audited as a refusal: on a cluster the garbage collector
   * deletes it).
   */
  enum Verdict { FORGED, UNCHECKABLE, OVERTAKEN }

  /** The verdict, why (a sentence fragment), and the remediation it names, if that exists. */
  record Refusal(Verdict verdict, AlertRemediation remediation, String reason) {}

  private final PrimaryRelay<AlertRemediation> remediations;
  private final PrimaryRelay<AlertProcessing> processings;

  AIAnalysisProvenance(PrimaryRelay<AlertRemediation> remediations, PrimaryRelay<AlertProcessing> processings) {
    this.remediations = remediations;
    this.processings = processings;
  }

  /**
   * The refusal of {@code aia}; empty when its remediation built it. An object missing from a cache,
   * or one that does not match, is read again from the API server (a cache may lag) before the
   * analysis is refused.
   */
  Optional<Refusal> check(AIAnalysis aia) {
    Optional<OwnerReference> owner = Children.controllerReference(aia, "AlertRemediation");
    if (owner.isEmpty()) {
      return refused(Verdict.FORGED, null, "it is not controlled by an AlertRemediation (no controller owner "
          + "reference); an analysis is created by its remediation only");
    }
    String remediation = owner.get().getName();
    String namespace = aia.getMetadata().getNamespace();
    ResourceID arId = new ResourceID(remediation, namespace);
    AlertRemediation ar = read(remediations, arId);
    if (ar == null || !Children.controlledBy(aia, ar)) {
      ar = remediations.fresh(arId).orElse(null);
    }
    Optional<Refusal> overtaken = overtaken(aia, ar, remediation);
    if (overtaken.isPresent()) {
      return overtaken;
    }
    String name = ChildKind.ANALYSIS.childName(remediation);
    if (!name.equals(aia.getMetadata().getName())) {
      return refused(Verdict.FORGED, ar, "AlertRemediation " + remediation + " names its analysis " + name);
    }
    ResourceID processing = new ResourceID(ChildKind.PROCESSING.childName(remediation), namespace);
    AlertProcessing cached = read(processings, processing);
    if (built(aia, ar, cached)) {
      return Optional.empty();
    }
    AlertProcessing fresh = processings.fresh(processing).orElse(null);
    if (fresh == null || !Children.controlledBy(fresh, ar)) {
      // The remediation's cleanup deletes the processing first: its deletion may not be cached yet.
      Optional<Refusal> ended = overtaken(aia, remediations.fresh(arId).orElse(null), remediation);
      return ended.isPresent() ? ended : refused(Verdict.UNCHECKABLE, ar, "it cannot be checked against the result "
          + "of AlertRemediation " + remediation + "'s AlertProcessing, which is gone");
    }
    if (built(aia, ar, fresh)) {
      return Optional.empty();
    }
    return refused(Verdict.FORGED, ar, "its spec differs from what AlertRemediation " + remediation + " builds from "
        + "its alert and its processing's result");
  }

  /** Why {@code aia} is overtaken: its remediation {@code ar} is gone, of another uid, ended or being deleted. */
  private static Optional<Refusal> overtaken(AIAnalysis aia, AlertRemediation ar, String remediation) {
    if (ar == null || !Children.controlledBy(aia, ar)) {
      return refused(Verdict.OVERTAKEN, null, "AlertRemediation " + remediation + ", which controlled it, is gone");
    }
    RemediationPhase phase = StatusPatches.phaseOf(RemediationPhase.class, ar.getStatus(),
        ar.getStatus() == null ? null : ar.getStatus().getPhase());
    if (ar.getMetadata().getDeletionTimestamp() != null || phase != null && phase.isTerminal()) {
      return refused(Verdict.OVERTAKEN, ar, "AlertRemediation " + remediation + " has ended or is being deleted");
    }
    return Optional.empty();
  }

  /** Whether {@code aia}'s spec is what {@code ar} builds from {@code processing}, its own processing. */
  private static boolean built(AIAnalysis aia, AlertRemediation ar, AlertProcessing processing) {
    return processing != null && Children.controlledBy(processing, ar)
        && ChildFactory.sameSpec(aia.getSpec(), ChildFactory.analysisSpec(ar, processing));
  }

  private static Optional<Refusal> refused(Verdict verdict, AlertRemediation ar, String reason) {
    return Optional.of(new Refusal(verdict, ar, reason));
  }

  /**
   * {@code id} as its controller's cache holds it; until that cache has listed, as the API server
   * does (the relay reads it there: not read twice); null when missing.
   */
  private static <T extends HasMetadata> T read(PrimaryRelay<T> relay, ResourceID id) {
    return relay.get(id).orElse(null);
  }
}

package io.kubernaut.k8s.workflow;

import io.kubernaut.ports.pipeline.ApprovalDecision;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionSpec;
import io.kubernaut.k8s.remediation.ChildFactory;
import io.kubernaut.k8s.runtime.PrimaryRelay;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.ports.pipeline.ChildKind;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a WorkflowExecution is the one its AlertRemediation built, checked before it is validated:
 * every gate of the remediation (its approval, its confidence gates, dry-run mode, its target's
 * scope, the environment that sets the limits) is passed before the remediation creates its
 * workflow, so a workflow made by hand, or one with steps or an environment of its own, would
 * skip them all. It must be controlled by that remediation (an owner reference with its uid),
 * carry the name the remediation gives its workflow, and have the spec the remediation builds from
 * its processing's classification and its analysis's recommendations, both sealed by their controllers
 * ({@link io.kubernaut.k8s.status.StatusSealer}); the remediation must not have
 * ended (a workflow so built whose remediation has ended is overtaken, not forged: it ends without
 * running, and is not audited as a refusal). A remediation that has not recorded the approval or the analysis it judged makes the workflow
 * wait: the remediation records them before it creates its workflow, so only a cache that lags behind sees that.
 *
 * <p>The check is made again before every later step starts (a status written by hand, past
 * Validating, would otherwise skip it): there a forged workflow is refused too, and one whose
 * remediation has ended or has not recorded its approval starts nothing.
 */
final class WorkflowExecutionProvenance {

  /**
   * What the check found: built by its remediation; not yet known (an approval not recorded yet); built,
   * but its remediation has ended (at validation it ends {@code ParentEnded} without running; before
   * a later step, that step waits for the remediation to stop its workflow); or not what its
   * remediation built.
   */
  enum Verdict { BUILT, NOT_YET, ENDED, FORGED }

  /** The verdict and, unless built, why (a sentence fragment). */
  record Finding(Verdict verdict, String reason) {}

  private final PrimaryRelay<AlertProcessing> processings;
  private final PrimaryRelay<AIAnalysis> analyses;
  private final io.kubernaut.k8s.status.StatusSealer sealer;

  WorkflowExecutionProvenance(PrimaryRelays relays) {
    this.processings = relays.processings();
    this.analyses = relays.analyses();
    this.sealer = relays.sealer();
  }

  Finding check(WorkflowExecution wfe, AlertRemediation ar) {
    String remediation = ar.getMetadata().getName();
    if (!Children.controlledBy(wfe, ar)) {
      return forged("it is not controlled by AlertRemediation " + remediation
          + " (no controller owner reference with its uid); a workflow is created by its remediation only");
    }
    String name = ChildKind.WORKFLOW.childName(remediation);
    if (!name.equals(wfe.getMetadata().getName())) {
      return forged("AlertRemediation " + remediation + " names its workflow " + name);
    }
    // The children as cached first; a mismatch is checked once more against the API server (the cache may lag).
    Optional<String> unbuilt = unbuilt(wfe.getSpec(), ar, false);
    if (unbuilt.isPresent() && (unbuilt = unbuilt(wfe.getSpec(), ar, true)).isPresent()) {
      return forged(unbuilt.get());
    }
    // Only a workflow its remediation built can be overtaken by that remediation's end (a cancel, a timeout).
    RemediationPhase phase = StatusPatches.phaseOf(RemediationPhase.class, ar.getStatus(),
        ar.getStatus() == null ? null : ar.getStatus().getPhase());
    if (phase != null && phase.isTerminal()) {
      return new Finding(Verdict.ENDED, "AlertRemediation " + remediation + " has ended (" + phase + ")");
    }
    if (phase == RemediationPhase.Analyzing && sealer.enabled() && ar.getStatus().getAnalysisSeal() == null) {
      // The remediation records the analysis it judged before it creates its workflow; a cache may still lag behind.
      return new Finding(Verdict.NOT_YET, "AlertRemediation " + remediation + " has not recorded the analysis it judged");
    }
    if (phase == RemediationPhase.AwaitingApproval && (ar.getStatus().getApproval() == null
        || !ApprovalDecision.readWire(ar.getStatus().getApproval().getDecision()).orElse(false))) {
      return new Finding(Verdict.NOT_YET, "AlertRemediation " + remediation + " has not recorded an approval");
    }
    return new Finding(Verdict.BUILT, null);
  }

  /**
   * The check of a workflow whose AlertRemediation is not found: one that no AlertRemediation controls was made by
   * someone else and is refused, as it would be with that remediation present; one that names its controller waits
   * (that remediation's arrival reconciles it, and its deletion takes the workflow along).
   */
  Finding checkWithoutRemediation(WorkflowExecution wfe) {
    String named = wfe.getSpec().getRemediationRef() == null ? null : wfe.getSpec().getRemediationRef().getName();
    return Children.controllerReference(wfe, AlertRemediation.class.getSimpleName())
        .map(owner -> new Finding(Verdict.NOT_YET, "its AlertRemediation " + owner.getName() + " is not found"))
        .orElseGet(() -> forged("it is not controlled by an AlertRemediation (no controller owner reference), and "
            + "AlertRemediation " + named + " is not found; a workflow is created by its remediation only"));
  }

  /**
   * Why {@code actual} is not what {@code ar} builds from its processing and analysis, read from the cache or
   * {@code fresh} from the API server; empty when it is. Their results count only with their controllers'
   * seals: a status written by hand after the remediation checked it (before an approval, say) would
   * otherwise give the workflow it builds, and this check, steps or an environment of someone else's.
   */
  private Optional<String> unbuilt(WorkflowExecutionSpec actual, AlertRemediation ar, boolean fresh) {
    String namespace = ar.getMetadata().getNamespace();
    String remediation = ar.getMetadata().getName();
    AlertProcessing processing = read(processings, new ResourceID(ChildKind.PROCESSING.childName(remediation), namespace),
        fresh);
    AIAnalysis analysis = read(analyses, new ResourceID(ChildKind.ANALYSIS.childName(remediation), namespace), fresh);
    var status = ar.getStatus();
    // Past Analyzing the remediation has recorded the results it judged; one executing without a record ran before
    // results were sealed (an upgrade), and its workflow is not stopped part-way for children that carry no seal.
    boolean executing = status != null && status.getPhase() != null && status.getPhase().hasStartedExecuting();
    Optional<String> notJudged = judged(processing, status == null ? null : status.getProcessingSeal(), executing)
        .or(() -> judged(analysis, status == null ? null : status.getAnalysisSeal(), executing));
    if (notJudged.isPresent()) {
      return notJudged;
    }
    WorkflowExecutionSpec expected = ChildFactory.workflowSpec(ar, processing, analysis);
    boolean built = actual != null && Objects.equals(name(actual), name(expected))
        && Objects.equals(actual.getAlertName(), expected.getAlertName())
        && Objects.equals(target(actual), target(expected))
        && Objects.equals(actual.getEnvironment(), expected.getEnvironment())
        // A workflow built before the spec carried the severity has none: its steps take the environment's timeouts.
        && (actual.getSeverity() == null || Objects.equals(actual.getSeverity(), expected.getSeverity()))
        && Objects.equals(steps(actual), steps(expected))
        && Objects.equals(actual.getRollbackStrategy(), expected.getRollbackStrategy());
    return built ? Optional.empty() : Optional.of("its steps, environment, severity, target or rollback strategy are "
        + "not those AlertRemediation " + remediation + " builds from its classification and recommendations");
  }

  /**
   * Why {@code source}'s result is not the one its remediation judged, whose seal it recorded as {@code judged}:
   * until it has recorded one, a result its controller sealed; empty when it is, and for a child that carries no
   * seal of a remediation {@code executing} without a record (both from before results were sealed).
   */
  private Optional<String> judged(io.fabric8.kubernetes.client.CustomResource<?, ?> source, String judged,
      boolean executing) {
    if (source == null || judged == null && executing && io.kubernaut.k8s.status.StatusSealer.sealOn(source) == null) {
      return Optional.empty();
    }
    return sealer.notJudged(source, judged).map(why -> "it is built from "
        + source.getKind() + " " + source.getMetadata().getName() + ", whose result is not the one its controller "
        + "wrote and its remediation judged: " + why);
  }

  private static <C extends io.fabric8.kubernetes.api.model.HasMetadata> C read(PrimaryRelay<C> relay, ResourceID id,
      boolean fresh) {
    return (fresh ? relay.fresh(id) : relay.get(id)).orElse(null);
  }

  private static String name(WorkflowExecutionSpec spec) {
    return spec.getRemediationRef() == null ? null : spec.getRemediationRef().getName();
  }

  private static Object steps(WorkflowExecutionSpec spec) {
    return spec.getSteps() == null ? java.util.List.of() : spec.getSteps();
  }

  private static Object target(WorkflowExecutionSpec spec) {
    return spec.getTarget() == null ? null : spec.getTarget().toTargetRef();
  }

  private static Finding forged(String reason) {
    return new Finding(Verdict.FORGED, reason);
  }
}

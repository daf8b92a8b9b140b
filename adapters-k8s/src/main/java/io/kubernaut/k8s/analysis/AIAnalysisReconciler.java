package io.kubernaut.k8s.analysis;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kubernaut.k8s.KubernetesSettings;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AIAnalysisSpec;
import io.kubernaut.k8s.crd.AIAnalysisStatus;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.runtime.PrimaryRelay;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import io.kubernaut.k8s.status.StatusPatches;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.k8s.status.KubernetesEvents;
import io.kubernaut.ports.analysis.AnalysisResult;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.in.AnalyzeAlert;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.pipeline.AnalysisPhase;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.signal.Rfc3339Times;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AIAnalysis: Investigating → Analyzing → Recommending → Completed, or Failed when no
 * investigator answered ({@code NoInvestigatorAnswered}), when the answer would not fit in its status
 * ({@code AnswerTooLarge}), or, before any investigator is asked, when the analysis is not its
 * remediation's ({@code Rejected}, {@link AIAnalysisProvenance}) or its remediation has ended or gone
 * ({@code ParentEnded}). The core runs the investigator chain, validation and gates in one call. A
 * Completed or Failed analysis (including one stopped by its parent) is never redone. The rule
 * engine alone answers in microseconds, in the reconcile, and status is written once with every
 * phase and its time in the history. A chain that calls out of the process (an LLM, HolmesGPT) runs
 * on the {@link AnalysisRunner}'s threads, not on the reconcile thread: the reconcile hands it over,
 * writes the phase Investigating and returns, and the answer's event reconciles the analysis again
 * to write it. Every write goes onto the version the reconcile read: the parent may stop the
 * analysis meanwhile, and its Failed is never written over.
 */
// No periodic re-reconcile (JOSDK would keep a timer per object, 10 h): the work is done in one call and never redone.
@ControllerConfiguration(name = "aianalysis", maxReconciliationInterval = @MaxReconciliationInterval(interval = 0))
public final class AIAnalysisReconciler implements Reconciler<AIAnalysis>,
    io.kubernaut.k8s.runtime.ReconcileTrigger<AIAnalysis> {

  private static final Logger LOG = LoggerFactory.getLogger(AIAnalysisReconciler.class);

  private final AnalyzeAlert analyzer;
  private final PolicySource policies;
  private final PrimaryRelay<AIAnalysis> relay;
  private final io.kubernaut.k8s.status.StatusSealer sealer;
  private final KubernetesEvents events;
  private final Clock clock;
  private final AnalysisRunner runner;
  private final AIAnalysisProvenance provenance;
  private final AuditTrail audit;

  /**
   * @param relays its relay: how the AlertRemediation controller reads and watches the analyses, through this
   *     controller's informer; and the remediations' and processings', which an analysis is checked against
   * @param audit where an analysis refused as not its remediation's is recorded
   */
  public AIAnalysisReconciler(AnalyzeAlert analyzer, PolicySource policies, AuditTrail audit, PrimaryRelays relays,
      Clock clock) {
    this(analyzer, policies, audit, relays, clock, KubernetesSettings.INVESTIGATION_CONCURRENCY);
  }

  /** @param concurrency the investigations that call out made at once ({@code KUBERNAUT_INVESTIGATION_CONCURRENCY}) */
  public AIAnalysisReconciler(AnalyzeAlert analyzer, PolicySource policies, AuditTrail audit, PrimaryRelays relays,
      Clock clock, int concurrency) {
    this.analyzer = analyzer;
    this.policies = policies;
    this.audit = audit;
    this.relay = relays.analyses();
    this.sealer = relays.sealer();
    this.events = relays.events();
    this.provenance = new AIAnalysisProvenance(relays.remediations(), relays.processings());
    this.clock = clock;
    this.runner = new AnalysisRunner(clock, concurrency);
  }

  @Override
  public List<EventSource<?, AIAnalysis>> prepareEventSources(EventSourceContext<AIAnalysis> context) {
    return List.of(relay.publisher(context), runner.answers());
  }

  /**
   * Every update of an analysis that has not ended. Of one that has: its ending, when its investigators are
   * called out to (that reconcile forgets their outcome, or cancels a call not started yet: a stop by its
   * remediation may come before the call is handed over), and any update while the runner still keeps an
   * outcome. Nothing else of an ended analysis, which a reconcile would leave as it is: with the rule engine
   * (nothing called out, nothing kept) the echo of its own final write reconciles nothing, one reconcile per
   * remediation.
   */
  @Override
  public boolean triggers(AIAnalysis updated, AIAnalysis previous) {
    return !isDone(updated) || runner.keeps(updated) || !isDone(previous) && analyzer.callsOut();
  }

  @Override
  public UpdateControl<AIAnalysis> reconcile(AIAnalysis aia, Context<AIAnalysis> context) {
    if (isDone(aia)) {
      runner.forget(aia);
      return UpdateControl.noUpdate();
    }
    if (aia.getMetadata().getDeletionTimestamp() != null) {
      return UpdateControl.noUpdate(); // going with its remediation: nothing to ask anyone
    }
    Optional<AIAnalysisProvenance.Refusal> refusal = provenance.check(aia);
    if (refusal.isPresent()) {
      return refuse(aia, refusal.get(), context.getClient());
    }
    if (!analyzer.callsOut()) {
      AnalysisRunner.Outcome outcome = AnalysisRunner.run(clock, started -> analyze(aia, started));
      AIAnalysisStatus status = finalStatus(aia, outcome);
      logFailure(aia, outcome.failure());
      if (StatusPatches.replaceStatusUnlessChanged(context.getClient(), aia, status)) {
        logEnd(aia, status);
      }
      return UpdateControl.noUpdate();
    }
    ResourceID id = ResourceID.fromResource(aia);
    Optional<AnalysisRunner.Outcome> answered = runner.outcome(aia, started -> analyze(aia, started),
        () -> !relay.listed() || relay.cached(id).isPresent());
    if (answered.isEmpty()) {
      LOG.debug("AIAnalysis {} is being investigated off the reconcile threads", aia.getMetadata().getName());
      if (aia.getStatus() == null || aia.getStatus().getPhase() == null) {
        // Shown while the investigators think (seconds to minutes): kubectl get aia shows what it does.
        StatusPatches.replaceStatusUnlessChanged(context.getClient(), aia,
            AIAnalysisStatusWriter.investigating(aia, clock.instant()));
      }
      return UpdateControl.noUpdate();
    }
    // The outcome is forgotten once the analysis shows as ended: a write that failed is retried with it.
    AnalysisRunner.Outcome outcome = answered.get();
    AIAnalysisStatus status = finalStatus(aia, outcome.withStart(handedOverAt(aia, outcome.started())));
    logFailure(aia, outcome.failure()); // before the write: a stop written meanwhile keeps the failure out of status
    if (StatusPatches.replaceStatusUnlessChanged(context.getClient(), aia, status)) {
      logEnd(aia, status);
    }
    return UpdateControl.noUpdate();
  }

  /**
   * Ends an analysis that is not its remediation's before any investigator is asked, onto the version
   * read. One its remediation did not build, or that cannot be checked, ends Failed ({@code Rejected})
   * with a Warning Event, once its refusal is in the audit trail (under its remediation when that
   * exists): with the audit queue full nothing is written, and it is looked at again shortly. One
   * whose remediation ended or went ends Failed ({@code ParentEnded}), not audited as a refusal.
   */
  private UpdateControl<AIAnalysis> refuse(AIAnalysis aia, AIAnalysisProvenance.Refusal refusal, KubernetesClient client) {
    Instant now = clock.instant();
    if (refusal.verdict() == AIAnalysisProvenance.Verdict.OVERTAKEN) {
      AIAnalysisStatus status = AIAnalysisStatusWriter.overtaken(aia, refusal.reason(), now);
      if (StatusPatches.replaceStatusUnlessChanged(client, aia, status)) {
        logEnd(aia, status);
      }
      return UpdateControl.noUpdate();
    }
    AIAnalysisStatus status = AIAnalysisStatusWriter.refused(aia, refusal.reason(),
        refusal.verdict() == AIAnalysisProvenance.Verdict.FORGED, now);
    if (audit.record(Children.refusal(aia, refusal.remediation(), ConditionReason.Rejected.name(), status.getMessage(),
        now)) == RecordResult.BACKPRESSURE) {
      LOG.warn("AIAnalysis {} is refused, but the audit trail's queue is full: its refusal is recorded before it is "
          + "written, in {}", aia.getMetadata().getName(), AUDIT_RETRY);
      return UpdateControl.<AIAnalysis>noUpdate().rescheduleAfter(AUDIT_RETRY);
    }
    if (StatusPatches.replaceStatusUnlessChanged(client, aia, status)) {
      LOG.warn("{}", status.getMessage());
      events.emitOnce(aia, "refusal", true, ConditionReason.Rejected.name(), status.getMessage(), now);
    }
    return UpdateControl.noUpdate();
  }

  /** How soon a refusal the audit trail could not take is tried again. */
  private static final java.time.Duration AUDIT_RETRY = java.time.Duration.ofSeconds(5);

  /**
   * When the analysis was handed over, as its Investigating status says, if earlier than
   * {@code started} (the call waited for a thread): the investigation began then for whoever reads it.
   */
  private static Instant handedOverAt(AIAnalysis aia, Instant started) {
    String shown = aia.getStatus() == null ? null : aia.getStatus().getStartTime();
    try {
      Instant at = shown == null ? null : Rfc3339Times.parse(shown);
      return at != null && at.isBefore(started) ? at : started;
    } catch (java.time.format.DateTimeParseException e) {
      return started;
    }
  }

  /** The status an outcome ends with; a completed one sealed, as the remediation and its workflow act only on that. */
  private AIAnalysisStatus finalStatus(AIAnalysis aia, AnalysisRunner.Outcome outcome) {
    if (outcome.failure() != null) {
      return AIAnalysisStatusWriter.failed(aia, "the analysis failed: " + outcome.failure().getMessage(),
          outcome.started(), outcome.ended());
    }
    AIAnalysisStatus status = AIAnalysisStatusWriter.finished(aia, outcome.result(), outcome.started(), outcome.ended());
    return status.getPhase() == io.kubernaut.ports.pipeline.AnalysisPhase.Completed ? sealer.seal(aia, status) : status;
  }

  /** Logs a failed analysis with its cause, whether or not its status can be written. */
  private static void logFailure(AIAnalysis aia, RuntimeException failure) {
    if (failure != null) {
      LOG.warn("AIAnalysis {} failed: {}", aia.getMetadata().getName(), failure.getMessage(), failure);
    }
  }

  /** Logs the end written. */
  private static void logEnd(AIAnalysis aia, AIAnalysisStatus status) {
    LOG.info("AIAnalysis {} is {}: {}", aia.getMetadata().getName(), status.getPhase(), status.getMessage());
  }

  /** The runner of the analyses that call out (for tests; JOSDK gets its event source from {@link #prepareEventSources}). */
  AnalysisRunner runner() {
    return runner;
  }

  private AnalysisResult analyze(AIAnalysis aia, Instant started) {
    return analyzer.analyze(request(aia, started), policies.current().gates());
  }

  /** Whether the analysis already ended, by its own hand or its parent's. */
  static boolean isDone(AIAnalysis aia) {
    AIAnalysisStatus s = aia.getStatus();
    return StatusPatches.ended(AnalysisPhase.class, s, s == null ? null : s.getPhase());
  }

  static InvestigationRequest request(AIAnalysis aia, Instant at) {
    AIAnalysisSpec spec = aia.getSpec();
    Map<String, String> labels = aia.getMetadata().getLabels() == null ? Map.of() : aia.getMetadata().getLabels();
    return new InvestigationRequest(labels.getOrDefault(KubernautLabels.FINGERPRINT, ""), spec.getAlertName(),
        spec.getSeverity(), Environment.fromWireName(spec.getEnvironment()), spec.getTarget().toTargetRef(),
        spec.getLabels(), spec.getAnnotations(), spec.getEnrichment(), at);
  }
}

package io.kubernaut.k8s.analysis;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AIAnalysisSpec;
import io.kubernaut.k8s.crd.AIAnalysisStatus;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.runtime.PrimaryRelay;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.ports.analysis.AnalysisResult;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.in.AnalyzeAlert;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.pipeline.AnalysisPhase;
import io.kubernaut.ports.remediation.Environment;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AIAnalysis: Investigating → Analyzing → Recommending → Completed, or Failed when no
 * investigator answered. The core runs the investigator chain, validation and gates in one call;
 * status is written once with every phase and its time in the history. A Completed or Failed
 * analysis (including one stopped by its parent) is never redone. A chain that calls out of the
 * process (an LLM, HolmesGPT) runs on the {@link AnalysisRunner}'s threads, not on the reconcile
 * thread: the reconcile hands it over, writes the phase Investigating and returns, and the answer's
 * event reconciles the analysis again to write it. The rule engine alone answers in microseconds and runs in the reconcile.
 */
// No periodic re-reconcile (JOSDK would keep a timer per object, 10 h): the work is done in one call and never redone.
@ControllerConfiguration(name = "aianalysis", maxReconciliationInterval = @MaxReconciliationInterval(interval = 0))
public final class AIAnalysisReconciler implements Reconciler<AIAnalysis> {

  private static final Logger LOG = LoggerFactory.getLogger(AIAnalysisReconciler.class);

  private final AnalyzeAlert analyzer;
  private final PolicySource policies;
  private final PrimaryRelay<AIAnalysis> relay;
  private final Clock clock;
  private final AnalysisRunner runner;

  /** @param relays its relay: how the AlertRemediation controller reads and watches the analyses, through this controller's informer */
  public AIAnalysisReconciler(AnalyzeAlert analyzer, PolicySource policies, PrimaryRelays relays, Clock clock) {
    this.analyzer = analyzer;
    this.policies = policies;
    this.relay = relays.analyses();
    this.clock = clock;
    this.runner = new AnalysisRunner(clock);
  }

  @Override
  public List<EventSource<?, AIAnalysis>> prepareEventSources(EventSourceContext<AIAnalysis> context) {
    return List.of(relay.publisher(context), runner.answers());
  }

  @Override
  public UpdateControl<AIAnalysis> reconcile(AIAnalysis aia, Context<AIAnalysis> context) {
    if (isDone(aia)) {
      runner.forget(aia);
      return UpdateControl.noUpdate();
    }
    AnalysisRunner.Outcome outcome;
    if (analyzer.callsOut()) {
      ResourceID id = ResourceID.fromResource(aia);
      Optional<AnalysisRunner.Outcome> answered = runner.outcome(aia, started -> analyze(aia, started),
          () -> !relay.listed() || relay.cached(id).isPresent());
      if (answered.isEmpty()) {
        LOG.debug("AIAnalysis {} is being investigated off the reconcile threads", aia.getMetadata().getName());
        if (aia.getStatus() == null || aia.getStatus().getPhase() == null) {
          // Shown while the investigators think (seconds to minutes): kubectl get aia says what it waits for.
          aia.setStatus(AIAnalysisStatusWriter.investigating(aia, clock.instant()));
          return UpdateControl.patchStatus(aia);
        }
        return UpdateControl.noUpdate();
      }
      outcome = answered.get(); // forgotten once the analysis shows as ended: a failed status write retries with it
    } else {
      outcome = AnalysisRunner.run(clock, started -> analyze(aia, started));
    }
    AIAnalysisStatus status;
    if (outcome.failure() == null) {
      status = AIAnalysisStatusWriter.finished(aia, outcome.result(), outcome.started(), outcome.ended());
    } else {
      RuntimeException e = outcome.failure();
      LOG.warn("AIAnalysis {} failed: {}", aia.getMetadata().getName(), e.getMessage(), e);
      status = AIAnalysisStatusWriter.failed(aia, "the analysis failed: " + e.getMessage(), outcome.started(),
          outcome.ended());
    }
    LOG.info("AIAnalysis {} is {}: {}", aia.getMetadata().getName(), status.getPhase(), status.getMessage());
    aia.setStatus(status);
    return UpdateControl.patchStatus(aia);
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

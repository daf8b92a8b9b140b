package io.kubernaut.k8s.processing;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertProcessingStatus;
import io.kubernaut.k8s.runtime.PrimaryRelay;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.ports.in.ProcessAlert;
import io.kubernaut.ports.pipeline.ProcessingPhase;
import io.kubernaut.ports.processing.ProcessingRequest;
import io.kubernaut.ports.processing.ProcessingResult;
import io.kubernaut.ports.remediation.ConditionReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AlertProcessing: Enriching → Classifying → Routing → Completed. The core does the work in one
 * call; status is written once with every phase and its time in the history, onto the version the
 * reconcile read, so that a parent's stop written meanwhile stands.
 */
// No periodic re-reconcile (JOSDK would keep a timer per object, 10 h): the work is done in one call and never redone.
@ControllerConfiguration(name = "alertprocessing", maxReconciliationInterval = @MaxReconciliationInterval(interval = 0))
public final class AlertProcessingReconciler implements Reconciler<AlertProcessing>,
    io.kubernaut.k8s.runtime.ReconcileTrigger<AlertProcessing> {

  private static final Logger LOG = LoggerFactory.getLogger(AlertProcessingReconciler.class);
  static final Duration ENRICHMENT_BUDGET = Duration.ofSeconds(10);

  private final ProcessAlert processor;
  private final PrimaryRelay<AlertProcessing> relay;
  private final io.kubernaut.k8s.status.StatusSealer sealer;
  private final Clock clock;

  /** @param relays its relay: how the AlertRemediation controller reads and watches the processings, through this controller's informer */
  public AlertProcessingReconciler(ProcessAlert processor, PrimaryRelays relays, Clock clock) {
    this.processor = processor;
    this.relay = relays.processings();
    this.sealer = relays.sealer();
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, AlertProcessing>> prepareEventSources(EventSourceContext<AlertProcessing> context) {
    return List.of(relay.publisher(context));
  }

  /**
   * Every update of a processing that has not ended; none of one that has, which a reconcile would leave
   * as it is ({@link #isDone}): among them the echo of its own final write, one reconcile per remediation.
   */
  @Override
  public boolean triggers(AlertProcessing updated, AlertProcessing previous) {
    return !isDone(updated);
  }

  @Override
  public UpdateControl<AlertProcessing> reconcile(AlertProcessing ap, Context<AlertProcessing> context) {
    if (isDone(ap)) {
      return UpdateControl.noUpdate();
    }
    Instant started = clock.instant();
    AlertProcessingStatus status;
    try {
      ProcessingResult result = processor.process(request(ap));
      // Sealed: the remediation and its workflow act on the classification and route only with this seal.
      status = sealer.seal(ap, completed(ap, result, started, clock.instant()));
    } catch (RuntimeException e) {
      LOG.warn("AlertProcessing {} failed: {}", ap.getMetadata().getName(), e.getMessage());
      status = failed(ap, e, started);
    }
    // Onto the version read: the parent may have stopped the processing while it enriched (up to the
    // budget), and its Failed is never written over.
    if (StatusPatches.replaceStatusUnlessChanged(context.getClient(), ap, status)) {
      LOG.info("AlertProcessing {} is {}: {}", ap.getMetadata().getName(), status.getPhase(), status.getMessage());
    }
    return UpdateControl.noUpdate();
  }

  /** Ensures a finished (or stopped) processing is never redone. */
  private static boolean isDone(AlertProcessing ap) {
    var s = ap.getStatus();
    return StatusPatches.ended(ProcessingPhase.class, s, s == null ? null : s.getPhase());
  }

  private static ProcessingRequest request(AlertProcessing ap) {
    var spec = ap.getSpec();
    return new ProcessingRequest(spec.getAlertName(), spec.getSeverity(), spec.getTarget().toTargetRef(),
        spec.getLabels(), ENRICHMENT_BUDGET);
  }

  private static AlertProcessingStatus completed(AlertProcessing ap, ProcessingResult r, Instant started, Instant done) {
    AlertProcessingStatus s = new AlertProcessingStatus();
    s.setStartTime(started.toString());
    s.setEnrichment(r.enrichment());
    s.phaseHistory().add(new io.kubernaut.k8s.crd.PhaseTransition(ProcessingPhase.Enriching.name(), started.toString(),
        "Gathering the context of " + spec(ap)));
    s.setPhaseHistory(StatusPatches.withTransition(s, ProcessingPhase.Classifying.name(), done,
        "Gathered " + r.enrichment().pods().size() + " pods and " + r.enrichment().events().size() + " events"));
    s.setEnvironment(r.environment().wireName());
    s.setSeverity(r.severity().wireName());
    s.setPriority(r.priority().name());
    s.setBusinessCriticality(r.businessCriticality());
    s.setPhaseHistory(StatusPatches.withTransition(s, ProcessingPhase.Routing.name(), done,
        "Classified as " + r.environment().wireName() + " " + r.priority()));
    s.setPath(r.path());
    s.setRoutingReason(r.routingReason());
    s.setRollbackStrategy(r.rollbackStrategy().wireName());
    String message = "AlertProcessing " + ap.getMetadata().getName() + " classified " + spec(ap) + " as "
        + r.environment().wireName() + " " + r.priority() + "; route " + r.path() + " because " + r.routingReason() + ".";
    StatusPatches.transition(ap, s, ProcessingPhase.Completed, s::setPhase, ConditionReason.Routed, message, done);
    if (!r.enrichment().degradations().isEmpty()) {
      s.setConditions(StatusPatches.withCondition(s.getConditions(), "Degraded", true, ConditionReason.Degraded.name(),
          "Enrichment was partial: " + String.join(" ", r.enrichment().degradations()), ap.getMetadata().getGeneration(), done));
    }
    return s;
  }

  private static AlertProcessingStatus failed(AlertProcessing ap, RuntimeException e, Instant at) {
    AlertProcessingStatus s = new AlertProcessingStatus();
    String message = "AlertProcessing " + ap.getMetadata().getName() + " failed: " + e.getMessage()
        + " The parent AlertRemediation fails with it.";
    s.setStartTime(at.toString());
    StatusPatches.transition(ap, s, ProcessingPhase.Failed, s::setPhase, ConditionReason.ChildFailed, message, at);
    return s;
  }

  private static String spec(AlertProcessing ap) {
    return ap.getSpec().getTarget().getKind() + " " + ap.getSpec().getTarget().getNamespace() + "/" + ap.getSpec().getTarget().getName();
  }
}

package io.kubernaut.k8s.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.ports.in.DecideRemediation;
import io.kubernaut.ports.remediation.RemediationDecision;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.RemediationSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The central controller: walks one AlertRemediation through the pipeline.
 * Observe → decide (in the core) → act → report.
 */
@ControllerConfiguration(name = "alertremediation")
public final class AlertRemediationReconciler implements Reconciler<AlertRemediation> {

  private static final Logger LOG = LoggerFactory.getLogger(AlertRemediationReconciler.class);
  static final String CANCEL_ANNOTATION = "kubernaut.io/cancel";

  private final DecideRemediation conductor;
  private final KubernetesClient client;
  private final Clock clock;

  public AlertRemediationReconciler(DecideRemediation conductor, KubernetesClient client, Clock clock) {
    this.conductor = conductor;
    this.client = client;
    this.clock = clock;
  }

  @Override
  public UpdateControl<AlertRemediation> reconcile(AlertRemediation ar, Context<AlertRemediation> context) {
    RemediationSnapshot snapshot = observe(ar);
    RemediationDecision decision = conductor.decide(snapshot);
    report(ar, decision, snapshot.now());
    return UpdateControl.noUpdate();
  }

  /** Reads the remediation into the snapshot the core decides on. */
  private RemediationSnapshot observe(AlertRemediation ar) {
    AlertRemediationStatus status = ar.getStatus();
    Map<String, String> annotations = ar.getMetadata().getAnnotations();
    return new RemediationSnapshot(
        ar.getMetadata().getName(),
        status == null ? null : status.getPhase(),
        Instant.parse(ar.getMetadata().getCreationTimestamp()),
        status == null || status.getResolvedAt() == null ? null : Instant.parse(status.getResolvedAt()),
        annotations != null && "true".equalsIgnoreCase(annotations.get(CANCEL_ANNOTATION)),
        clock.instant());
  }

  /** Ensures status shows the decision; writes once, and only when something changed. */
  private void report(AlertRemediation ar, RemediationDecision decision, Instant now) {
    AlertRemediationStatus current = ar.getStatus() == null ? new AlertRemediationStatus() : ar.getStatus();
    AlertRemediationStatus desired = StatusWriter.controllerFields(current);
    RemediationPhase previous = current.getPhase();
    desired.setPhase(decision.phase());
    desired.setObservedGeneration(ar.getMetadata().getGeneration());
    desired.setMessage(decision.message());
    if (desired.getStartTime() == null) {
      desired.setStartTime(now.toString());
    }
    if (decision.outcome() != null) {
      desired.setOutcome(decision.outcome());
    }
    if (previous != decision.phase()) {
      List<PhaseTransition> history = new ArrayList<>(current.phaseHistory());
      history.add(new PhaseTransition(decision.phase().name(), now.toString(), decision.message()));
      desired.setPhaseHistory(history);
      if (decision.phase().isTerminal()) {
        desired.setCompletionTime(now.toString());
      }
    }
    desired.setConditions(StatusWriter.withCondition(current.getConditions(), readyCondition(decision, ar, now)));
    if (StatusWriter.sameControllerFields(current, desired)) {
      LOG.debug("AlertRemediation {} already shows {}; nothing to write", ar.getMetadata().getName(), decision.phase());
      return;
    }
    StatusWriter.mergePatchStatus(client, ar, desired);
    if (previous != decision.phase()) {
      LOG.info("AlertRemediation {} moved from {} to {}: {}", ar.getMetadata().getName(),
          previous == null ? "(new)" : previous, decision.phase(), decision.message());
    }
  }

  private static Condition readyCondition(RemediationDecision decision, AlertRemediation ar, Instant now) {
    boolean ready = decision.phase() == RemediationPhase.Completed;
    return new ConditionBuilder()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .withReason(decision.reason().name())
        .withMessage(decision.message())
        .withObservedGeneration(ar.getMetadata().getGeneration())
        .withLastTransitionTime(now.toString())
        .build();
  }

  /** Status helpers: the controller owns every status field except the gateway's counters. */
  static final class StatusWriter {
    private StatusWriter() {}

    static AlertRemediationStatus controllerFields(AlertRemediationStatus s) {
      AlertRemediationStatus c = new AlertRemediationStatus();
      c.setPhase(s.getPhase());
      c.setOutcome(s.getOutcome());
      c.setEnvironment(s.getEnvironment());
      c.setPriority(s.getPriority());
      c.setConditions(s.getConditions());
      c.setObservedGeneration(s.getObservedGeneration());
      c.setStartTime(s.getStartTime());
      c.setCompletionTime(s.getCompletionTime());
      c.setMessage(s.getMessage());
      c.setPhaseHistory(s.getPhaseHistory());
      return c;
    }

    static boolean sameControllerFields(AlertRemediationStatus a, AlertRemediationStatus b) {
      return a.getPhase() == b.getPhase()
          && Objects.equals(a.getOutcome(), b.getOutcome())
          && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
          && Objects.equals(a.getMessage(), b.getMessage())
          && Objects.equals(a.getEnvironment(), b.getEnvironment())
          && Objects.equals(a.getPriority(), b.getPriority())
          && sameConditions(a.getConditions(), b.getConditions());
    }

    /** Conditions compared without their transition times, which change on every computation. */
    private static boolean sameConditions(List<Condition> a, List<Condition> b) {
      List<Condition> x = a == null ? List.of() : a;
      List<Condition> y = b == null ? List.of() : b;
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        Condition p = x.get(i);
        Condition q = y.get(i);
        if (!Objects.equals(p.getType(), q.getType()) || !Objects.equals(p.getStatus(), q.getStatus())
            || !Objects.equals(p.getReason(), q.getReason()) || !Objects.equals(p.getMessage(), q.getMessage())) {
          return false;
        }
      }
      return true;
    }

    /** Replaces the condition of the same type, keeping its transition time when the status is unchanged. */
    static List<Condition> withCondition(List<Condition> existing, Condition condition) {
      List<Condition> result = new ArrayList<>();
      boolean replaced = false;
      for (Condition c : existing == null ? List.<Condition>of() : existing) {
        if (c.getType().equals(condition.getType())) {
          if (Objects.equals(c.getStatus(), condition.getStatus())) {
            condition.setLastTransitionTime(c.getLastTransitionTime());
          }
          result.add(condition);
          replaced = true;
        } else {
          result.add(c);
        }
      }
      if (!replaced) {
        result.add(condition);
      }
      return result;
    }

    /** A JSON merge patch of the status subresource with only the non-null controller fields. */
    static void mergePatchStatus(KubernetesClient client, AlertRemediation ar, AlertRemediationStatus desired) {
      String body = Serialization.asJson(Map.of("status", desired));
      client.resources(AlertRemediation.class)
          .inNamespace(ar.getMetadata().getNamespace())
          .withName(ar.getMetadata().getName())
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), body);
    }
  }
}

package io.kubernaut.k8s;

import static io.kubernaut.k8s.crd.KubernautLabels.APPROVAL;
import static io.kubernaut.k8s.crd.KubernautLabels.APPROVAL_BY;
import static io.kubernaut.k8s.crd.KubernautLabels.APPROVAL_REASON;
import static io.kubernaut.k8s.crd.KubernautLabels.APPROVAL_VIA;
import static io.kubernaut.k8s.crd.KubernautLabels.ROLLBACK_APPROVAL;
import static io.kubernaut.k8s.crd.KubernautLabels.ROLLBACK_APPROVAL_BY;
import static io.kubernaut.k8s.crd.KubernautLabels.ROLLBACK_APPROVAL_REASON;
import static io.kubernaut.k8s.crd.KubernautLabels.ROLLBACK_APPROVAL_VIA;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import io.kubernaut.k8s.runtime.ConflictRetry;
import io.kubernaut.ports.analysis.ApprovalAnswer;
import io.kubernaut.ports.out.ApprovalStore;
import io.kubernaut.ports.pipeline.ApprovalDecision;
import io.kubernaut.ports.signal.Rfc3339Times;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Records approval decisions as the annotations a {@code kubectl annotate} would set, so the API
 * and kubectl take the same path through the central controller. The caller need not know which
 * decision is pending: a remediation in AwaitingApproval gets {@code kubernaut.io/approval}; one
 * whose workflow waits for a decision on rolling back after a failed verification gets
 * {@code kubernaut.io/rollback-approval} (approve rolls back, reject keeps the change), refused once
 * that question expired or was answered; the remediation's approval is refused from the time its controller
 * wrote as its expiry ({@code status.approvalExpiresAt}). The merge patch carries the resourceVersion read, so a
 * decision never lands on a state it was not checked against: when the AR changed in between (the
 * controller writes its status often, mostly without changing what awaits a decision), the store
 * reads it again and decides afresh, up to {@value #ATTEMPTS} times.
 */
public final class Fabric8ApprovalStore implements ApprovalStore {

  /** Reads and guarded writes tried before a decision is refused because the AR keeps changing. */
  static final int ATTEMPTS = 3;

  private final KubernetesClient client;
  private final String namespace;
  private final String channel;
  private final Clock clock;

  /** The operator's store: decisions it records come through its API and are marked so. */
  Fabric8ApprovalStore(KubernetesClient client, String namespace, Clock clock) {
    this(client, namespace, ApprovalDecision.API, clock);
  }

  private Fabric8ApprovalStore(KubernetesClient client, String namespace, String channel, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.channel = channel;
    this.clock = clock;
  }

  /**
   * A kubectl user's store ({@code kubectl kubernaut approve}): the same annotations without
   * {@code kubernaut.io/approval-via} (nor {@code rollback-approval-via}), which only the operator may set.
   */
  public static Fabric8ApprovalStore forKubectl(KubernetesClient client, String namespace) {
    return new Fabric8ApprovalStore(client, namespace, null, Clock.systemUTC());
  }

  @Override
  public ApprovalAnswer decide(String remediation, boolean approved, String user, String reason) {
    try {
      return ConflictRetry.attempts(ATTEMPTS, attempt -> decideOnce(remediation, approved, user, reason));
    } catch (KubernetesClientException e) {
      throw KubernetesFailures.translate("record the approval decision on AlertRemediation " + remediation, e);
    }
  }

  /** One read, check and guarded write; a 409 means the AR changed after the read. */
  private ApprovalAnswer decideOnce(String remediation, boolean approved, String user, String reason) {
    AlertRemediation ar = client.resources(AlertRemediation.class).inNamespace(namespace).withName(remediation).get();
    if (ar == null) {
      return new ApprovalAnswer(ApprovalAnswer.Outcome.NOT_FOUND, null);
    }
    RemediationPhase phase = ar.getStatus() == null ? null : ar.getStatus().getPhase();
    String phaseName = phase == null ? "Pending" : phase.name();
    if (phase == RemediationPhase.AwaitingApproval) {
      Instant deadline = approvalDeadline(ar);
      if (deadline != null && !clock.instant().isBefore(deadline)) {
        // The controller ends it at its next reconcile (ApprovalExpired, or TimedOut past the overall timeout)
        // and ignores the decision: answering "recorded" would tell the person their approval runs the workflow.
        return new ApprovalAnswer(ApprovalAnswer.Outcome.EXPIRED, phaseName, ApprovalAnswer.Subject.WORKFLOW,
            deadline, null);
      }
      // The first decision wins, as for a rollback: a second person's opposite answer, given before the
      // controller acted on the first, would otherwise replace it unseen (neither status nor audit would know).
      Map<String, String> annotations = ar.getMetadata().getAnnotations() == null ? Map.of()
          : ar.getMetadata().getAnnotations();
      // Only a value the controller reads as a decision counts; anything else it ignores, and so is replaced.
      Optional<Boolean> pending = ApprovalDecision.readWire(annotations.get(APPROVAL));
      if (pending.isPresent()) {
        String by = annotations.getOrDefault(APPROVAL_BY, "a kubectl annotation (user unknown)");
        if (pending.get() == approved && by.equals(user)) {
          // The same person's same answer again: a retry, or the reason given again before the controller acted (then
          // written, so that the answer never shows a reason the record does not hold).
          if (!sameReason(annotations.get(APPROVAL_REASON), reason)) {
            record(ar, approved, user, reason, APPROVAL, APPROVAL_BY, APPROVAL_VIA, APPROVAL_REASON);
          }
          return new ApprovalAnswer(ApprovalAnswer.Outcome.RECORDED, phaseName);
        }
        return new ApprovalAnswer(ApprovalAnswer.Outcome.ALREADY_DECIDED, phaseName, ApprovalAnswer.Subject.WORKFLOW,
            null, ApprovalDecision.wireValue(pending.get()) + " by " + by);
      }
      record(ar, approved, user, reason, APPROVAL, APPROVAL_BY, APPROVAL_VIA, APPROVAL_REASON);
      return new ApprovalAnswer(ApprovalAnswer.Outcome.RECORDED, phaseName);
    }
    Optional<WorkflowExecutionStatus> asked = rollbackAsked(remediation);
    if (asked.isEmpty()) {
      return new ApprovalAnswer(ApprovalAnswer.Outcome.NOT_AWAITING_APPROVAL, phaseName);
    }
    return decideRollback(ar, phaseName, asked.get(), approved, user, reason);
  }

  /**
   * When the remediation's approval expires, as its controller wrote it in status ({@code status.approvalExpiresAt}:
   * by the controller's timeouts and clock, not this replica's, whose policy may differ); null when status does not
   * say (written by a release before it).
   */
  private static Instant approvalDeadline(AlertRemediation ar) {
    // A value that is not a time (written by hand): the controller judges the deadline itself.
    return ar.getStatus() == null ? null : Rfc3339Times.tryParse(ar.getStatus().getApprovalExpiresAt()).orElse(null);
  }


  /** The status of the remediation's workflow when it asked for a decision on rolling back. */
  private Optional<WorkflowExecutionStatus> rollbackAsked(String remediation) {
    return client.resources(WorkflowExecution.class).inNamespace(namespace)
        .withLabel(KubernautLabels.REMEDIATION, remediation).list().getItems().stream()
        .map(WorkflowExecution::getStatus)
        .filter(s -> PendingRollbacks.askedAt(s).isPresent())
        .findFirst();
  }

  /** A rollback decision: refused once answered or expired (or the workflow ended), recorded otherwise. */
  private ApprovalAnswer decideRollback(AlertRemediation ar, String phase, WorkflowExecutionStatus s, boolean approved,
      String user, String reason) {
    Instant deadline = PendingRollbacks.expiresAt(s);
    var answered = PendingRollbacks.answer(s);
    if (answered.isPresent()) {
      return new ApprovalAnswer(ApprovalAnswer.Outcome.ALREADY_DECIDED, phase, ApprovalAnswer.Subject.ROLLBACK,
          deadline, answered.get().getDecision() + " by " + answered.get().getDecidedBy());
    }
    String unseen = unseenDecision(ar, s);
    Map<String, String> annotations = ar.getMetadata().getAnnotations() == null ? Map.of()
        : ar.getMetadata().getAnnotations();
    if (unseen != null && ApprovalDecision.readWire(annotations.get(ROLLBACK_APPROVAL)).orElse(!approved) == approved
        && user.equals(annotations.get(ROLLBACK_APPROVAL_BY)) && PendingRollbacks.open(s, clock.instant())) {
      // The same person's same answer, not acted on yet: a retry (its answer lost), answered as recorded, as for the
      // workflow's approval; a reason given again is written.
      if (!sameReason(annotations.get(ROLLBACK_APPROVAL_REASON), reason)) {
        record(ar, approved, user, reason, ROLLBACK_APPROVAL, ROLLBACK_APPROVAL_BY, ROLLBACK_APPROVAL_VIA,
            ROLLBACK_APPROVAL_REASON);
      }
      return new ApprovalAnswer(ApprovalAnswer.Outcome.RECORDED, phase, ApprovalAnswer.Subject.ROLLBACK, deadline, null);
    }
    if (unseen != null) {
      return new ApprovalAnswer(ApprovalAnswer.Outcome.ALREADY_DECIDED, phase, ApprovalAnswer.Subject.ROLLBACK,
          deadline, unseen);
    }
    if (!PendingRollbacks.open(s, clock.instant())) {
      return new ApprovalAnswer(ApprovalAnswer.Outcome.EXPIRED, phase, ApprovalAnswer.Subject.ROLLBACK, deadline, null);
    }
    record(ar, approved, user, reason, ROLLBACK_APPROVAL, ROLLBACK_APPROVAL_BY, ROLLBACK_APPROVAL_VIA,
        ROLLBACK_APPROVAL_REASON);
    return new ApprovalAnswer(ApprovalAnswer.Outcome.RECORDED, phase, ApprovalAnswer.Subject.ROLLBACK, deadline, null);
  }

  /**
   * A rollback decision annotated on the AlertRemediation that the controller has not seen yet (it
   * differs from the one kept in status, which holds any annotation present when the question was
   * asked): "approved by alice", or null when there is none.
   */
  private static String unseenDecision(AlertRemediation ar, WorkflowExecutionStatus s) {
    Map<String, String> annotations = ar.getMetadata().getAnnotations() == null ? Map.of()
        : ar.getMetadata().getAnnotations();
    // As for the workflow's approval, only a value the controller reads as a decision blocks another.
    Optional<Boolean> approved = ApprovalDecision.readWire(annotations.get(ROLLBACK_APPROVAL));
    if (approved.isEmpty()) {
      return null;
    }
    String decision = ApprovalDecision.wireValue(approved.get());
    String by = annotations.getOrDefault(ROLLBACK_APPROVAL_BY, "kubectl annotation (user unknown)");
    var seen = s.getRollbackApproval();
    boolean stale = seen != null && decision.equals(seen.getDecision()) && by.equals(seen.getDecidedBy());
    return stale ? null : decision + " by " + by;
  }

  /** Whether the reason annotated is the one given (none and blank are the same). */
  private static boolean sameReason(String annotated, String given) {
    String a = annotated == null ? "" : annotated.strip();
    String g = given == null ? "" : given.strip();
    return a.equals(g);
  }

  /**
   * Writes the decision's annotations, guarded by the resourceVersion read; an empty reason or a
   * kubectl decision removes a reason or channel left by an earlier one.
   */
  private void record(AlertRemediation ar, boolean approved, String user, String reason, String decisionKey,
      String byKey, String viaKey, String reasonKey) {
    Map<String, Object> annotations = new HashMap<>(Map.of(decisionKey, ApprovalDecision.wireValue(approved), byKey, user));
    annotations.put(viaKey, channel);
    annotations.put(reasonKey, reason == null || reason.isBlank() ? null : reason);
    Map<String, Object> patch = Map.of("metadata", Map.of(
        "resourceVersion", ar.getMetadata().getResourceVersion(), "annotations", annotations));
    client.resources(AlertRemediation.class).inNamespace(namespace).withName(ar.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
  }
}

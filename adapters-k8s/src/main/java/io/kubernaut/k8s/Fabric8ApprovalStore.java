package io.kubernaut.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.ports.analysis.ApprovalAnswer;
import io.kubernaut.ports.out.ApprovalStore;
import io.kubernaut.ports.pipeline.ApprovalDecision;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.util.Map;

/**
 * Records approval decisions as the annotations a {@code kubectl annotate} would set, so the API
 * and kubectl take the same path through the central controller. The merge patch carries the
 * resourceVersion read, so a decision on an AR that moved on in between is refused by the server.
 */
public final class Fabric8ApprovalStore implements ApprovalStore {

  static final String APPROVAL = "kubernaut.io/approval";
  static final String APPROVAL_BY = "kubernaut.io/approval-by";
  /** The decider's reason, when one was given. */
  static final String APPROVAL_REASON = "kubernaut.io/approval-reason";
  /** Marks a decision given through the API, so the audit trail names its channel. */
  static final String APPROVAL_VIA = "kubernaut.io/approval-via";

  private final KubernetesClient client;
  private final String namespace;
  private final String channel;

  /** The operator's store: decisions it records come through its API and are marked so. */
  Fabric8ApprovalStore(KubernetesClient client, String namespace) {
    this(client, namespace, ApprovalDecision.API);
  }

  private Fabric8ApprovalStore(KubernetesClient client, String namespace, String channel) {
    this.client = client;
    this.namespace = namespace;
    this.channel = channel;
  }

  /**
   * A kubectl user's store ({@code kubectl kubernaut approve}): the same annotations without
   * {@code kubernaut.io/approval-via}, which only the operator may set.
   */
  public static Fabric8ApprovalStore forKubectl(KubernetesClient client, String namespace) {
    return new Fabric8ApprovalStore(client, namespace, null);
  }

  @Override
  public ApprovalAnswer decide(String remediation, boolean approved, String user, String reason) {
    try {
      AlertRemediation ar = client.resources(AlertRemediation.class).inNamespace(namespace).withName(remediation).get();
      if (ar == null) {
        return new ApprovalAnswer(ApprovalAnswer.Outcome.NOT_FOUND, null);
      }
      RemediationPhase phase = ar.getStatus() == null ? null : ar.getStatus().getPhase();
      if (phase != RemediationPhase.AwaitingApproval) {
        return new ApprovalAnswer(ApprovalAnswer.Outcome.NOT_AWAITING_APPROVAL, phase == null ? "Pending" : phase.name());
      }
      Map<String, Object> annotations = new java.util.HashMap<>(Map.of(APPROVAL, approved ? "approved" : "rejected",
          APPROVAL_BY, user));
      if (channel != null) {
        annotations.put(APPROVAL_VIA, channel);
      }
      if (reason != null && !reason.isBlank()) {
        annotations.put(APPROVAL_REASON, reason);
      }
      Map<String, Object> patch = Map.of("metadata", Map.of(
          "resourceVersion", ar.getMetadata().getResourceVersion(), "annotations", annotations));
      client.resources(AlertRemediation.class).inNamespace(namespace).withName(remediation)
          .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
      return new ApprovalAnswer(ApprovalAnswer.Outcome.RECORDED, phase.name());
    } catch (KubernetesClientException e) {
      throw KubernetesFailures.translate("record the approval decision on AlertRemediation " + remediation, e);
    }
  }
}

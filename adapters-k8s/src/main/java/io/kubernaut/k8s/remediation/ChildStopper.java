package io.kubernaut.k8s.remediation;

import io.kubernaut.k8s.status.StatusPatches;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.crd.StatusSpine;
import io.kubernaut.ports.pipeline.Phase;
import io.kubernaut.ports.remediation.ConditionReason;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Stops an active child by moving it to Failed with the parent's reason; its controller then leaves it alone. */
final class ChildStopper {

  private ChildStopper() {}

  static void stop(KubernetesClient client, HasMetadata child, Phase failed, ConditionReason reason, String message,
      Instant now) {
    StatusSpine current = child instanceof CustomResource<?, ?> cr && cr.getStatus() instanceof StatusSpine s ? s : null;
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("phase", failed.name());
    status.put("message", message);
    status.put("completionTime", now.toString());
    status.put("conditions", StatusPatches.withCondition(current == null ? null : current.getConditions(), "Ready", false,
        reason.name(), message, child.getMetadata().getGeneration(), now));
    status.put("phaseHistory", current != null ? StatusPatches.withTransition(current, failed.name(), now, message)
        : java.util.List.of(new io.kubernaut.k8s.crd.PhaseTransition(failed.name(), now.toString(), message)));
    StatusPatches.setStatusFields(client, child, current != null, status);
  }
}

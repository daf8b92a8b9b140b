package io.kubernaut.k8s.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.runtime.ReconcileTrigger;
import java.util.List;
import java.util.Objects;

/** What an update of an AlertRemediation changed, as its controller decides whether to reconcile it. */
final class RemediationUpdates {

  /**
   * The gateway's counters of duplicates and its firing and resolved source alerts, which no decision of
   * the controller reads (the problem's resolution is {@code resolvedAt}).
   */
  private static final List<String> DUPLICATE_COUNTS = List.of("duplicates", "recentDuplicates", "firingAlerts",
      "resolvedAlerts");

  private RemediationUpdates() {}

  /**
   * Whether anything the controller reads and does not write itself changed: the spec, labels,
   * annotations, finalizers, the deletion mark, and the gateway's resolution and storm.
   */
  static boolean gatewayChanged(AlertRemediation updated, AlertRemediation previous) {
    AlertRemediationStatus a = updated.getStatus();
    AlertRemediationStatus b = previous.getStatus();
    return ReconcileTrigger.metadataChanged(updated, previous)
        || !Objects.equals(a == null ? null : a.getResolvedAt(), b == null ? null : b.getResolvedAt())
        || !Objects.equals(tree(a == null ? null : a.getStorm()), tree(b == null ? null : b.getStorm()));
  }

  /** Whether the update changed the gateway's duplicate counts and nothing else. */
  static boolean onlyDuplicateCounts(AlertRemediation updated, AlertRemediation previous) {
    if (ReconcileTrigger.metadataChanged(updated, previous) || updated.getStatus() == null
        || previous.getStatus() == null) {
      return false;
    }
    return withoutDuplicateCounts(tree(updated.getStatus())).equals(withoutDuplicateCounts(tree(previous.getStatus())));
  }

  private static JsonNode tree(Object value) {
    return value == null ? null : Serialization.jsonMapper().valueToTree(value);
  }

  private static JsonNode withoutDuplicateCounts(JsonNode status) {
    if (status instanceof ObjectNode object) {
      object.remove(DUPLICATE_COUNTS);
    }
    return status;
  }
}

package io.kubernaut.k8s.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.crd.StatusSpine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Status helpers shared by the reconcilers: conditions, phase history, and merge patches of status. */
final class StatusPatches {

  private StatusPatches() {}

  /**
   * Sets the given status fields with a JSON patch of the status subresource ({@code add} replaces
   * a member, lists included), leaving every other field, such as another writer's, alone. A JSON
   * merge patch is not used: the fabric8 CRUD mock appends lists on merge instead of replacing them.
   */
  static <T extends HasMetadata> T setStatusFields(KubernetesClient client, T resource, boolean hasStatus,
      Map<String, Object> fields) {
    List<Map<String, Object>> ops = new ArrayList<>();
    if (!hasStatus) {
      ops.add(Map.of("op", "add", "path", "/status", "value", Map.of()));
    }
    fields.forEach((name, value) -> ops.add(Map.of("op", "add", "path", "/status/" + name, "value", value)));
    // Addressed through the object in hand: fabric8 reads the object first when a patch names it only.
    return client.resource(resource).subresource("status").patch(PatchContext.of(PatchType.JSON), Serialization.asJson(ops));
  }

  /** Creates {@code child}; an existing one with the same deterministic name is fine. */
  static boolean createIfAbsent(KubernetesClient client, HasMetadata child) {
    try {
      client.resource(child).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  /** A condition; its transition time is kept from {@code existing} when the status did not change. */
  static List<Condition> withCondition(List<Condition> existing, String type, boolean status, String reason,
      String message, Long generation, Instant now) {
    Condition condition = new ConditionBuilder().withType(type).withStatus(status ? "True" : "False")
        .withReason(reason).withMessage(message).withObservedGeneration(generation)
        .withLastTransitionTime(now.toString()).build();
    List<Condition> result = new ArrayList<>();
    boolean replaced = false;
    for (Condition c : existing == null ? List.<Condition>of() : existing) {
      if (c.getType().equals(type)) {
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

  /** Conditions compared without transition times. */
  static boolean sameConditions(List<Condition> a, List<Condition> b) {
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

  /** The history with {@code phase} appended when it differs from the last entry. */
  static List<PhaseTransition> withTransition(StatusSpine status, String phase, Instant at, String reason) {
    List<PhaseTransition> history = new ArrayList<>(status.phaseHistory());
    if (history.isEmpty() || !phase.equals(history.get(history.size() - 1).getPhase())) {
      history.add(new PhaseTransition(phase, at.toString(), reason));
    }
    return history;
  }

  /** When the current phase was entered: the last history entry's time. */
  static Instant enteredAt(StatusSpine status) {
    if (status == null || status.getPhaseHistory() == null || status.getPhaseHistory().isEmpty()) {
      return null;
    }
    return Instant.parse(status.getPhaseHistory().get(status.getPhaseHistory().size() - 1).getEnteredAt());
  }
}

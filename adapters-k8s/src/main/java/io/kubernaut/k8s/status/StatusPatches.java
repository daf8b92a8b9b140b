package io.kubernaut.k8s.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.crd.StatusSpine;
import io.kubernaut.ports.signal.Rfc3339Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import io.kubernaut.ports.pipeline.Phase;
import io.kubernaut.ports.remediation.ConditionReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status helpers shared by every reconciler: the one phase transition (history entry, phase,
 * message, observedGeneration, Ready condition, completion time), conditions, typed phase
 * reading, and JSON patches of status fields.
 */
public final class StatusPatches {

  private static final Logger LOG = LoggerFactory.getLogger(StatusPatches.class);

  private StatusPatches() {}

  /**
   * Sets the given status fields with a JSON patch of the status subresource ({@code add} replaces
   * a member, lists included), leaving every other field, such as another writer's, alone. A JSON
   * merge patch is not used: the fabric8 CRUD mock appends lists on merge instead of replacing them.
   * With {@code hasStatus} false the patch creates {@code /status} first, replacing whatever status
   * another writer put there since {@code resource} was read: a writer whose fields must not erase
   * another's writes that first status onto the version read ({@link #setStatusFieldsOnVersion}).
   */
  public static <T extends HasMetadata> T setStatusFields(KubernetesClient client, T resource, boolean hasStatus,
      Map<String, Object> fields) {
    return patchStatus(client, resource, hasStatus, fields, new ArrayList<>());
  }

  /**
   * {@link #setStatusFields}, onto the version read only: the patch carries {@code resource}'s
   * resourceVersion, so the API server answers 409 when anyone wrote since (the caller reads again).
   */
  public static <T extends HasMetadata> T setStatusFieldsOnVersion(KubernetesClient client, T resource,
      boolean hasStatus, Map<String, Object> fields) {
    return patchStatus(client, resource, hasStatus, fields, onVersion(resource));
  }

  /**
   * Replaces the whole status of {@code resource} with {@code status}, onto the version read only
   * (the API server answers 409 when anyone wrote since): for a writer whose status stands for
   * everything it decided, which must not land over another writer's newer status.
   */
  public static <T extends HasMetadata> T replaceStatusOnVersion(KubernetesClient client, T resource, Object status) {
    List<Map<String, Object>> ops = onVersion(resource);
    ops.add(Map.of("op", "add", "path", "/status", "value", status));
    return send(client, resource, ops);
  }

  /**
   * {@link #replaceStatusOnVersion}, for a reconciler whose status stands for work done while others
   * could write the object (a parent stops its child by writing Failed): a newer version (409) is
   * not written over, and its event reconciles the object again, where an ended one is left alone; a
   * deleted object (404) needs nothing. Safe only for a controller that every update of its object
   * reconciles while it has not ended (not generation-aware: {@code OperatorRuntime.register}; an
   * update filter, if any, lets through every update of an object that has not ended). Returns
   * whether {@code status} was written.
   */
  public static boolean replaceStatusUnlessChanged(KubernetesClient client, HasMetadata resource, Object status) {
    try {
      replaceStatusOnVersion(client, resource, status);
      return true;
    } catch (KubernetesClientException e) {
      switch (e.getCode()) {
        case 409 -> LOG.debug("{} {}: status not written, it changed since it was read", resource.getKind(),
            resource.getMetadata().getName());
        // Deleted meanwhile, as a rule; also what an API server answers for a kind installed without its status
        // subresource (a stale CRD), which must not go unseen.
        case 404 -> LOG.info("{} {}: status not written, the API server did not find it (deleted, or its kind has "
            + "no status subresource)", resource.getKind(), resource.getMetadata().getName());
        default -> throw e;
      }
      return false;
    }
  }

  /** The first op of a patch onto the version read: the resourceVersion read, which the API server checks. */
  private static List<Map<String, Object>> onVersion(HasMetadata resource) {
    if (resource.getMetadata().getResourceVersion() == null) {
      throw new IllegalArgumentException("A write onto the version read needs the resourceVersion read; "
          + resource.getKind() + " " + resource.getMetadata().getName() + " has none.");
    }
    List<Map<String, Object>> ops = new ArrayList<>();
    ops.add(Map.of("op", "replace", "path", "/metadata/resourceVersion", "value",
        resource.getMetadata().getResourceVersion()));
    return ops;
  }

  private static <T extends HasMetadata> T patchStatus(KubernetesClient client, T resource, boolean hasStatus,
      Map<String, Object> fields, List<Map<String, Object>> ops) {
    if (!hasStatus) {
      ops.add(Map.of("op", "add", "path", "/status", "value", Map.of()));
    }
    fields.forEach((name, value) -> ops.add(Map.of("op", "add", "path", "/status/" + name, "value", value)));
    return send(client, resource, ops);
  }

  /** Sends {@code ops} as a JSON patch of {@code resource}'s status subresource. */
  private static <T extends HasMetadata> T send(KubernetesClient client, T resource, List<Map<String, Object>> ops) {
    // Addressed through an object: fabric8 reads the object first when a patch names it only. Through a stub that
    // holds only the address, not the object in hand: fabric8 clones the object it is handed (serialises and parses
    // it whole) to learn its name, and the JSON patch carries all it sends, the resourceVersion included.
    return client.resource(address(resource)).subresource("status")
        .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(ops));
  }

  /**
   * An object of {@code resource}'s kind with only its name and namespace (a custom resource's
   * constructor sets its apiVersion and kind, as a built-in kind's does): where a patch goes, and
   * nothing more. A kind without an empty constructor is addressed through {@code resource} itself.
   */
  @SuppressWarnings("unchecked")
  public static <T extends HasMetadata> T address(T resource) {
    T stub;
    try {
      stub = (T) resource.getClass().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      return resource;
    }
    ObjectMeta meta = new ObjectMeta();
    meta.setName(resource.getMetadata().getName());
    meta.setNamespace(resource.getMetadata().getNamespace());
    stub.setMetadata(meta);
    return stub;
  }

  /** A condition; its transition time is kept from {@code existing} when the status did not change. */
  public static List<Condition> withCondition(List<Condition> existing, String type, boolean status, String reason,
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

  /** Whether {@code existing} holds a condition of {@code type} with {@code reason} and {@code message}. */
  public static boolean hasCondition(List<Condition> existing, String type, String reason, String message) {
    return existing != null && existing.stream().anyMatch(c -> type.equals(c.getType()) && reason.equals(c.getReason())
        && Objects.equals(message, c.getMessage()));
  }

  /** {@code existing} without the condition of {@code type} (null stays null). */
  public static List<Condition> withoutCondition(List<Condition> existing, String type) {
    return existing == null ? null : existing.stream().filter(c -> !type.equals(c.getType())).toList();
  }

  /** Conditions compared without transition times. */
  public static boolean sameConditions(List<Condition> a, List<Condition> b) {
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

  /**
   * Enters {@code phase} (or stays in it): appends it to the history when it differs from the last
   * entry, sets the phase and the message, the observed generation, the Ready condition (True only
   * for a successful end) with {@code reason}, and the completion time on a terminal phase.
   *
   * @param setPhase the kind's own setter of its typed phase field
   */
  public static <P extends Enum<P> & Phase> void transition(HasMetadata owner, StatusSpine status, P phase,
      Consumer<P> setPhase, ConditionReason reason, String message, Instant now) {
    status.setPhaseHistory(withTransition(status, phase.name(), now, message));
    setPhase.accept(phase);
    status.setMessage(message);
    status.setObservedGeneration(owner.getMetadata().getGeneration());
    status.setConditions(withCondition(status.getConditions(), "Ready", phase.isSuccessful(), reason.name(), message,
        owner.getMetadata().getGeneration(), now));
    if (phase.isTerminal() && status.getCompletionTime() == null) {
      status.setCompletionTime(now.toString());
    }
  }

  /**
   * The current phase of a status as {@code type}: its last history entry, which every writer
   * (including a parent that stops it) appends, else its phase field; null when new or unknown.
   */
  public static <P extends Enum<P> & Phase> P phaseOf(Class<P> type, StatusSpine status, P field) {
    return phaseOf(name -> Phase.parse(type, name), status, field);
  }

  /** {@link #phaseOf(Class, StatusSpine, Phase)} for a kind known only at run time, parsed by {@code parse}. */
  public static <P extends Phase> P phaseOf(Function<String, P> parse, StatusSpine status, P field) {
    if (status == null) {
      return null;
    }
    List<PhaseTransition> history = status.getPhaseHistory();
    P last = history == null || history.isEmpty() ? null : parse.apply(history.get(history.size() - 1).getPhase());
    return last != null ? last : field;
  }

  /** Whether a status has ended: its phase field or its last history entry is terminal. */
  public static <P extends Enum<P> & Phase> boolean ended(Class<P> type, StatusSpine status, P field) {
    P current = phaseOf(type, status, field);
    return (field != null && field.isTerminal()) || (current != null && current.isTerminal());
  }

  /** The history with {@code phase} appended when it differs from the last entry. */
  public static List<PhaseTransition> withTransition(StatusSpine status, String phase, Instant at, String reason) {
    List<PhaseTransition> history = new ArrayList<>(status.phaseHistory());
    if (history.isEmpty() || !phase.equals(history.get(history.size() - 1).getPhase())) {
      history.add(new PhaseTransition(phase, at.toString(), reason));
    }
    return history;
  }

  /** When the current phase was entered: the last history entry's time. */
  public static Instant enteredAt(StatusSpine status) {
    if (status == null || status.getPhaseHistory() == null || status.getPhaseHistory().isEmpty()) {
      return null;
    }
    return Rfc3339Times.parse(status.getPhaseHistory().get(status.getPhaseHistory().size() - 1).getEnteredAt());
  }
}

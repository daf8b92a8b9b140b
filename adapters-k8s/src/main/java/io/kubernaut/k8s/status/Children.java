package io.kubernaut.k8s.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Children of Kubernaut resources: their metadata (owner, labels) and their idempotent creation. */
public final class Children {

  private static final Logger LOG = LoggerFactory.getLogger(Children.class);

  private Children() {}

  /**
   * The audit event of the refusal of {@code refused} ({@code rule}, {@code message}), keyed by the
   * remediation it names ({@code ar}), with who created it as the API server recorded (the field
   * manager of its first managed-fields entry, else {@code unknown}). When that remediation does not
   * exist (a hand-made object naming none, or one gone), the refusal is kept under an id of the
   * refused object's own ({@link #unownedId}), so it is in the audit trail all the same.
   */
  public static AuditEvent refusal(HasMetadata refused, AlertRemediation ar, String rule, String message,
      Instant at) {
    var managed = refused.getMetadata().getManagedFields();
    String createdBy = managed == null || managed.isEmpty() ? null : managed.get(0).getManager();
    AuditEvents keyed;
    if (ar == null || ar.getSpec() == null || ar.getSpec().getFingerprint() == null || ar.getSpec().getTarget() == null) {
      String namespace = refused.getMetadata().getNamespace() == null ? "" : refused.getMetadata().getNamespace();
      String name = refused.getMetadata().getName();
      LOG.warn("{} {}/{} was refused ({}) and names no AlertRemediation that exists; created by {}; audited as {}",
          refused.getKind(), namespace, name, rule, createdBy == null ? "unknown" : createdBy,
          unownedId(refused.getKind(), namespace, name));
      keyed = new AuditEvents(unownedId(refused.getKind(), namespace, name),
          new Fingerprint(sha256(refused.getKind() + "/" + namespace + "/" + name)),
          new TargetRef(refused.getKind(), namespace, name));
    } else {
      keyed = new AuditEvents(ar.getMetadata().getName(), new Fingerprint(ar.getSpec().getFingerprint()),
          ar.getSpec().getTarget().toTargetRef());
    }
    return keyed.refusal(at, refused.getKind(), refused.getMetadata().getName(), rule, message, createdBy);
  }

  /**
   * The audit events of a resource's phase history ({@code status}), one per phase entered, keyed by the remediation
   * {@code factory} names: what the remediation records of its own and its children's phases as it ends, and
   * what a workflow records of its admission as it happens.
   */
  public static java.util.List<AuditEvent> transitions(AuditEvents factory, String kind, String name, io.kubernaut.k8s.crd.StatusSpine status) {
    java.util.List<AuditEvent> events = new java.util.ArrayList<>();
    if (status == null || status.getPhaseHistory() == null) {
      return events;
    }
    String from = null;
    for (io.kubernaut.k8s.crd.PhaseTransition t : status.getPhaseHistory()) {
      events.add(factory.phaseTransition(io.kubernaut.ports.signal.Rfc3339Times.parse(t.getEnteredAt()), kind, name, from, t.getPhase(), t.getReason()));
      from = t.getPhase();
    }
    return events;
  }

  /**
   * The audit id of a refused object that names no existing remediation: {@code unowned-<kind>-<12 hex
   * digits of the SHA-256 of kind, namespace and name>}, short and fixed whatever the name's length
   * (the event's payload names the object in full), so each such object has one refusal event.
   */
  public static String unownedId(String kind, String namespace, String name) {
    return "unowned-" + kind.toLowerCase(java.util.Locale.ROOT) + "-"
        + sha256(kind + "/" + namespace + "/" + name).substring(0, 12);
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256.", e);
    }
  }

  /** Metadata for any object owned by the remediation, e.g. a KubernetesExecution's parent chain. */
  public static ObjectMeta ownedBy(HasMetadata owner, String name) {
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> ownerLabels = owner.getMetadata().getLabels() == null ? Map.of() : owner.getMetadata().getLabels();
    for (String key : List.of(KubernautLabels.FINGERPRINT, KubernautLabels.ALERTNAME, KubernautLabels.ENVIRONMENT,
        KubernautLabels.SEVERITY, KubernautLabels.REMEDIATION, KubernautLabels.SHARD)) {
      if (ownerLabels.containsKey(key)) {
        labels.put(key, ownerLabels.get(key));
      }
    }
    labels.putIfAbsent(KubernautLabels.REMEDIATION, owner.getMetadata().getName());
    labels.put(KubernautLabels.MANAGED_BY, "kubernaut");
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(owner.getApiVersion())
            .withKind(owner.getKind())
            .withName(owner.getMetadata().getName())
            .withUid(owner.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build())
        .build();
  }

  /**
   * Whether {@code owner} (by its uid) controls {@code child}: a child is found by its deterministic
   * name, and an object of that name left by an earlier owner of the same name (its garbage
   * collection still pending) or made by hand is not this one's.
   */
  public static boolean controlledBy(HasMetadata child, HasMetadata owner) {
    String uid = owner.getMetadata().getUid();
    List<OwnerReference> owners = child.getMetadata().getOwnerReferences();
    return uid != null && owners != null && owners.stream()
        .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && uid.equals(o.getUid()));
  }

  /** The object of kind {@code ownerKind} that controls {@code child}, in its namespace; empty when none does. */
  public static Optional<ResourceID> controller(HasMetadata child, String ownerKind) {
    return controllerReference(child, ownerKind).map(o -> new ResourceID(o.getName(), child.getMetadata().getNamespace()));
  }

  /** {@code child}'s controller owner reference, if its owner is of kind {@code ownerKind}. */
  public static Optional<OwnerReference> controllerReference(HasMetadata child, String ownerKind) {
    List<OwnerReference> owners = child.getMetadata().getOwnerReferences();
    return owners == null ? Optional.empty() : owners.stream()
        .filter(o -> Boolean.TRUE.equals(o.getController()) && ownerKind.equals(o.getKind())).findFirst();
  }

  /**
   * Creates {@code child}; an existing one with the same deterministic name is fine. The child as the API
   * server answered, or empty when it existed already.
   */
  public static <T extends HasMetadata> Optional<T> createIfAbsent(KubernetesClient client, T child) {
    try {
      return Optional.ofNullable(client.resource(child).create());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return Optional.empty();
      }
      throw e;
    }
  }
}

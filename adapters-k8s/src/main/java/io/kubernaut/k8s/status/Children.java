package io.kubernaut.k8s.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.k8s.crd.KubernautLabels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Children of Kubernaut resources: their metadata (owner, labels) and their idempotent creation. */
public final class Children {

  private Children() {}

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

  /** Creates {@code child}; an existing one with the same deterministic name is fine. */
  public static boolean createIfAbsent(KubernetesClient client, HasMetadata child) {
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
}

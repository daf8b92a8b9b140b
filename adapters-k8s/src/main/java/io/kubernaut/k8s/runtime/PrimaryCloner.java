package io.kubernaut.k8s.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.Cloner;

/**
 * The copy JOSDK makes of a primary before each reconciliation, so that a reconciler that changes
 * its primary never changes the informer's cache (shared by every informer of the kind, see
 * {@link SharedItemStore}). JOSDK's default copies through JSON text: it writes the whole object
 * as a string and parses it back, a tenth of the reconcilers' CPU with a hundred remediations in
 * flight. This one converts through Jackson's token buffer with the same mapper: the same
 * serialisers and deserialisers, so the same deep copy, without printing and parsing the text.
 */
final class PrimaryCloner implements Cloner {

  private final KubernetesSerialization serialization;

  PrimaryCloner(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R extends HasMetadata> R clone(R object) {
    return object == null ? null : (R) serialization.convertValue(object, object.getClass());
  }
}

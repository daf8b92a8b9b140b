package io.kubernaut.k8s.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Objects;

/**
 * A reconciler that tells which updates of its own kind need a reconcile (JOSDK's update filter on
 * the controller's informer): every watch event of a primary otherwise reconciles it, among them
 * the echo of the reconciler's own status write, which changes nothing it has not acted on.
 * Additions and deletions are always reconciled.
 *
 * @param <P> the controller's kind
 */
public interface ReconcileTrigger<P extends HasMetadata> {

  /** Whether the update from {@code previous} to {@code updated} needs a reconcile. */
  boolean triggers(P updated, P previous);

  /**
   * Whether what anyone but a status writer changes differs: the spec (its generation), labels,
   * annotations (approvals, cancellations), finalizers or the deletion mark.
   */
  static boolean metadataChanged(HasMetadata updated, HasMetadata previous) {
    ObjectMeta a = updated.getMetadata();
    ObjectMeta b = previous.getMetadata();
    return !Objects.equals(a.getGeneration(), b.getGeneration())
        || !Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp())
        || !Objects.equals(emptyIfNull(a.getAnnotations()), emptyIfNull(b.getAnnotations()))
        || !Objects.equals(emptyIfNull(a.getLabels()), emptyIfNull(b.getLabels()))
        || !Objects.equals(emptyIfNull(a.getFinalizers()), emptyIfNull(b.getFinalizers()));
  }

  private static Object emptyIfNull(java.util.Map<String, String> map) {
    return map == null ? java.util.Map.of() : map;
  }

  private static Object emptyIfNull(java.util.List<String> list) {
    return list == null ? java.util.List.of() : list;
  }
}

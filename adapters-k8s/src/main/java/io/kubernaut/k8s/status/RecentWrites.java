package io.kubernaut.k8s.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-after-write for a reconciler's own status writes. An event from a child can trigger a
 * reconcile before the informer has seen the parent's last status write; the reconciler then
 * uses the object it wrote, when that is newer than the informer's copy. (JOSDK offers this from
 * 5.3 on; this project is on 5.2.) Resource versions are compared as numbers; anything else
 * trusts the informer.
 */
public final class RecentWrites<T extends HasMetadata> {

  /**
   * When a reconcile whose status write met a 409 Conflict is made again. Not left to "the next
   * event": the write it conflicted with may be this reconciler's own earlier one, whose watch event
   * {@link #isEcho} filters (a reconcile submitted with the informer's copy from before that event
   * reaches the cache meets exactly that), and then no event would come.
   */
  public static final java.time.Duration CONFLICT_RETRY = java.time.Duration.ofMillis(200);

  /**
   * A reconcile's answer to {@code failure} on its writes: a 409 Conflict reconciles {@code resource} again
   * after {@link #CONFLICT_RETRY} (said at INFO on {@code log}); any other failure is thrown on.
   */
  public static <R extends HasMetadata> io.javaoperatorsdk.operator.api.reconciler.UpdateControl<R> againAfterConflict(
      org.slf4j.Logger log, R resource, io.fabric8.kubernetes.client.KubernetesClientException failure) {
    if (failure.getCode() != 409) {
      throw failure;
    }
    log.info("{} {} changed while being reconciled; it is reconciled again in {} ms", resource.getKind(),
        resource.getMetadata().getName(), CONFLICT_RETRY.toMillis());
    return io.javaoperatorsdk.operator.api.reconciler.UpdateControl.<R>noUpdate().rescheduleAfter(CONFLICT_RETRY);
  }

  private final Map<String, T> written = new ConcurrentHashMap<>();
  /** Per object, the version of the last status write whose watch event has not come back yet, and the version it was written onto. */
  private final Map<String, Echo> echoes = new ConcurrentHashMap<>();

  private record Echo(String onto, String written) {}

  /** The newer of the informer's object and the one this reconciler last wrote. */
  public T freshest(T fromInformer) {
    T mine = written.get(key(fromInformer));
    if (mine == null) {
      return fromInformer;
    }
    if (version(mine) > version(fromInformer)) {
      return mine;
    }
    written.remove(key(fromInformer), mine);
    return fromInformer;
  }

  public void remember(T patched) {
    if (patched != null) {
      written.put(key(patched), patched);
    }
  }

  /**
   * {@link #remember}, and expects the watch event of this write: {@code onto} is the version it
   * was written onto (the resourceVersion the reconciler read), so that {@link #isEcho} knows the
   * event that brings exactly this write.
   */
  public void remember(T patched, String onto) {
    remember(patched);
    if (patched != null && onto != null && patched.getMetadata().getResourceVersion() != null) {
      echoes.put(key(patched), new Echo(onto, patched.getMetadata().getResourceVersion()));
    }
  }

  /**
   * Whether the update from {@code previous} to {@code updated} is this reconciler's own last
   * status write coming back by the watch, and nothing else: the event's old object is the version
   * the write went onto and its new object the version the write made. The reconciler already
   * acted on what it wrote, so the event needs no reconcile. Any other update (a write in between,
   * a version missed, a second write of ours whose first echo is still on its way) is not one,
   * and is reconciled as before. The expectation is dropped once an event reaches its version.
   */
  public boolean isEcho(T updated, T previous) {
    String key = key(updated);
    Echo echo = echoes.get(key);
    if (echo == null) {
      return false;
    }
    long at = version(updated);
    long expected = parse(echo.written());
    if (at >= expected || at == Long.MIN_VALUE || expected == Long.MIN_VALUE) {
      echoes.remove(key, echo);
    }
    boolean own = echo.written().equals(updated.getMetadata().getResourceVersion()) && previous != null
        && echo.onto().equals(previous.getMetadata().getResourceVersion());
    if (own) {
      // The informer holds this version now, so the copy kept for read-after-write is not needed.
      T mine = written.get(key);
      if (mine != null && version(mine) <= at) {
        written.remove(key, mine);
      }
    }
    return own;
  }

  public void forget(T resource) {
    written.remove(key(resource));
    echoes.remove(key(resource));
  }

  private static String key(HasMetadata r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  private static long version(HasMetadata r) {
    return parse(r.getMetadata().getResourceVersion());
  }

  private static long parse(String resourceVersion) {
    try {
      return Long.parseLong(resourceVersion);
    } catch (NumberFormatException | NullPointerException e) {
      return Long.MIN_VALUE;
    }
  }
}

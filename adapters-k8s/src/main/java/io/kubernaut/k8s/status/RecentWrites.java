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

  private final Map<String, T> written = new ConcurrentHashMap<>();

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

  public void forget(T resource) {
    written.remove(key(resource));
  }

  private static String key(HasMetadata r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  private static long version(HasMetadata r) {
    try {
      return Long.parseLong(r.getMetadata().getResourceVersion());
    } catch (NumberFormatException | NullPointerException e) {
      return Long.MIN_VALUE;
    }
  }
}

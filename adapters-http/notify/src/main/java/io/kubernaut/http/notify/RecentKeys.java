package io.kubernaut.http.notify;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The idempotency memory: the delivery id given to each recent idempotency key, bounded to
 * {@code capacity} keys, the oldest forgotten first. A replay within that window is answered with
 * the first delivery id and sends nothing. After a restart, or once a key has been pushed out by
 * {@code capacity} newer ones, a replay notifies again: delivery is at most once per key within
 * the window and at least once overall.
 */
final class RecentKeys {

  private final Map<String, String> keys;

  RecentKeys(int capacity) {
    this.keys = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Keys claimed whose delivery is not queued yet: a replay meanwhile cannot be told it was sent. */
  private final Set<String> pending = new HashSet<>();

  /**
   * An earlier claim of a key.
   *
   * @param deliveryId the delivery id it was given
   * @param pending whether that delivery is still being queued (it may yet fail)
   */
  record Earlier(String deliveryId, boolean pending) {}

  /**
   * The earlier claim of {@code key}, or null after claiming it for {@code deliveryId}, pending until {@link #settle}
   * or {@link #forget}.
   */
  synchronized Earlier claim(String key, String deliveryId) {
    String earlier = keys.putIfAbsent(key, deliveryId);
    if (earlier != null) {
      return new Earlier(earlier, pending.contains(key));
    }
    pending.add(key);
    return null;
  }

  /** The delivery {@code deliveryId} claimed for {@code key} is queued: a replay is a duplicate from now on. */
  synchronized void settle(String key, String deliveryId) {
    if (!keys.containsKey(key) || deliveryId.equals(keys.get(key))) {
      pending.remove(key); // its claim, or none left (pushed out by newer keys meanwhile)
    }
  }

  /** Forgets {@code key} when it still names {@code deliveryId}: that delivery was never queued. */
  synchronized void forget(String key, String deliveryId) {
    if (keys.remove(key, deliveryId) || !keys.containsKey(key)) {
      pending.remove(key);
    }
  }

  synchronized int size() {
    return keys.size();
  }
}

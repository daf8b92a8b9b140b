package io.kubernaut.http.notify;

import java.util.LinkedHashMap;
import java.util.Map;

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

  /** The delivery id already given to {@code key}, or null after remembering {@code deliveryId} for it. */
  synchronized String putIfAbsent(String key, String deliveryId) {
    return keys.putIfAbsent(key, deliveryId);
  }

  /** Forgets {@code key} when it still names {@code deliveryId}: that delivery was never queued. */
  synchronized void forget(String key, String deliveryId) {
    keys.remove(key, deliveryId);
  }

  synchronized int size() {
    return keys.size();
  }
}

package io.kubernaut.ports.out;

import io.kubernaut.ports.notification.Notification;

/**
 * Driven port: hands a notification to the delivery machinery. It must not block the caller
 * on network I/O; delivery happens asynchronously with its own retries.
 */
public interface Notifier {
  void notify(Notification notification);
}

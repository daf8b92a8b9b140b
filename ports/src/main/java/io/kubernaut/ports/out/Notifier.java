package io.kubernaut.ports.out;

import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationReceipt;
import java.util.List;
import java.util.UUID;

/**
 * Driven port: hands a notification to the delivery machinery. It must not block the caller
 * on network I/O; delivery happens asynchronously with its own retries.
 */
public interface Notifier {
  void notify(Notification notification);

  /**
   * Hands the notification over like {@link #notify} and says what became of it: the delivery id,
   * whether it was a replay of a recent idempotency key, and the receivers that took it. Unlike
   * {@code notify}, a notification that cannot be queued is an exception, for a caller (such as an
   * API request) that must answer for it: {@link io.kubernaut.ports.failure.RetryableException} when
   * every channel it is routed to is full (its idempotency key then forgotten so that a retry is sent), or
   * when a notification of the same key is still being queued (it may yet fail).
   *
   * <p>The default suits a notifier that neither routes nor recognises replays: it calls
   * {@code notify} and answers a fresh delivery id and no receivers.
   */
  default NotificationReceipt submit(Notification notification) {
    notify(notification);
    return new NotificationReceipt(UUID.randomUUID().toString(), false, List.of());
  }
}

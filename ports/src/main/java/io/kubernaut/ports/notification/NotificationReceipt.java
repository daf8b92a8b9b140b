package io.kubernaut.ports.notification;

import java.util.List;
import java.util.Objects;

/**
 * What became of a notification handed to {@link io.kubernaut.ports.out.Notifier#submit}: queued
 * for delivery, or recognised as a replay. Delivery itself happens later; its attempts go to the
 * {@link io.kubernaut.ports.out.DeliveryRecorder} under the same delivery id.
 *
 * @param deliveryId the id of this delivery; for a replay, the id the first submission was given
 * @param duplicate true when the idempotency key was seen recently and nothing was queued
 * @param receivers the receivers that took the notification: routed to, with at least one channel that queued it
 *     (a receiver with several channels is listed when one of them queued it; empty for a replay)
 */
public record NotificationReceipt(String deliveryId, boolean duplicate, List<String> receivers) {
  public NotificationReceipt {
    Objects.requireNonNull(deliveryId, "deliveryId");
    receivers = List.copyOf(receivers);
  }
}

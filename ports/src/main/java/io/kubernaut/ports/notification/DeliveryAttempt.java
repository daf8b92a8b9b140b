package io.kubernaut.ports.notification;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt to deliver one notification on one channel, as reported to a
 * {@link io.kubernaut.ports.out.DeliveryRecorder}.
 *
 * @param deliveryId the id answered to whoever submitted the notification
 * @param message the redacted message that was (or was to be) sent
 * @param receiver the receiver name from the routing config
 * @param channel the channel id, {@code <receiver>/<kind>[<index>]}
 * @param attempt 1 for the first try
 * @param result what the attempt did
 * @param finalAttempt true when no further attempt follows (delivered, permanent, or out of attempts)
 * @param at when the attempt ended
 */
public record DeliveryAttempt(
    String deliveryId,
    RenderedMessage message,
    String receiver,
    String channel,
    int attempt,
    DeliveryResult result,
    boolean finalAttempt,
    Instant at) {
  public DeliveryAttempt {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(at, "at");
  }
}

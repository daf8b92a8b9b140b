package io.kubernaut.ports.in;

import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.RenderedMessage;

/**
 * Use case: turns a notification into the message humans read, with the tracking id, fingerprint,
 * environment, phase, a {@code kubectl} hint and the per-type explanation, and with every secret
 * redacted. Pure and thread-safe.
 */
public interface ComposeMessage {

  RenderedMessage compose(Notification notification);
}

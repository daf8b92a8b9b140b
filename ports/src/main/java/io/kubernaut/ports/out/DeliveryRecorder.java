package io.kubernaut.ports.out;

import io.kubernaut.ports.notification.DeliveryAttempt;

/**
 * Driven port: told about every notification delivery attempt, successful or not. Must not block
 * on I/O and must not throw.
 */
public interface DeliveryRecorder {

  void record(DeliveryAttempt attempt);
}

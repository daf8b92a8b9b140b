package io.kubernaut.ports.in;

import io.kubernaut.ports.signal.Signal;
import java.time.Instant;
import java.util.Objects;

/**
 * Asks the core to take in one signal.
 *
 * @param signal the normalised signal
 * @param receivedAt when the gateway received it
 */
public record IngestSignalCommand(Signal signal, Instant receivedAt) {
  public IngestSignalCommand {
    Objects.requireNonNull(signal, "A signal is required.");
    Objects.requireNonNull(receivedAt, "The receive time is required.");
  }
}

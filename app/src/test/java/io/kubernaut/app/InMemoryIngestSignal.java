package io.kubernaut.app;

import io.kubernaut.ports.in.IngestSignal;
import io.kubernaut.ports.in.IngestSignalCommand;
import io.kubernaut.ports.in.IntakeOutcome;
import io.kubernaut.ports.in.IntakeOutcome.Result;
import io.kubernaut.ports.signal.SignalStatus;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory {@link IngestSignal} that counts what it was asked to take in and "creates" every
 * firing signal, so a test can compare the gateway's answers with what reached the intake.
 */
final class InMemoryIngestSignal implements IngestSignal {

  private final AtomicLong ingested = new AtomicLong();

  @Override
  public IntakeOutcome ingest(IngestSignalCommand command) {
    long n = ingested.incrementAndGet();
    return command.signal().status() == SignalStatus.RESOLVED
        ? new IntakeOutcome(Result.RESOLVED, "", "", 0, "Resolved.")
        : new IntakeOutcome(Result.CREATED, "fake-" + n, "", 0, "Created.");
  }

  /** How many signals reached the intake. */
  long ingested() {
    return ingested.get();
  }
}

package io.kubernaut.ports.in;

/**
 * Driving port: take in one signal, deduplicate it, and persist a remediation for a new problem.
 *
 * <p>An outcome other than {@code REJECTED} means the signal is persisted (as a new resource or
 * a count on an existing one). When the store cannot be reached it throws
 * {@link io.kubernaut.ports.failure.RetryableException}, and nothing was accepted.
 */
public interface IngestSignal {
  IntakeOutcome ingest(IngestSignalCommand command);
}

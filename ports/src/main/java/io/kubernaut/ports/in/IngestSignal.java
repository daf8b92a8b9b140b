package io.kubernaut.ports.in;

import java.util.List;

/**
 * Driving port: take in one signal, deduplicate it, and persist a remediation for a new problem.
 *
 * <p>An outcome other than {@code REJECTED} or {@code IGNORED} means the signal is persisted (as a new resource, a
 * count on an existing one, or part of the resource its own delivery created); an {@code IGNORED} signal is well
 * formed but needs no remediation and is never persisted. When the store cannot be reached it throws
 * {@link io.kubernaut.ports.failure.RetryableException}, and nothing was accepted.
 */
public interface IngestSignal {
  IntakeOutcome ingest(IngestSignalCommand command);

  /**
   * Takes in the signals of one delivery (an Alertmanager group), in order, with one outcome
   * each. Signals of one problem in one delivery settle on one remediation: when the remediation
   * the delivery created has already ended (a safety block can end it within milliseconds), a
   * later signal of the same problem is answered as part of it instead of starting another. If
   * one signal fails retryably the whole delivery does, and its sender sends it again.
   */
  default List<IntakeOutcome> ingestAll(List<IngestSignalCommand> commands) {
    return commands.stream().map(this::ingest).toList();
  }
}

package io.kubernaut.core.intake;

import io.kubernaut.core.classification.EnvironmentClassifier;
import io.kubernaut.core.classification.SeverityNormalizer;
import io.kubernaut.core.dedup.Deduplicator;
import io.kubernaut.core.dedup.RemediationNamer;
import io.kubernaut.core.fingerprint.Fingerprinter;
import io.kubernaut.core.target.TargetLocator;
import io.kubernaut.ports.failure.AlreadyExistsException;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.in.IngestSignal;
import io.kubernaut.ports.in.IngestSignalCommand;
import io.kubernaut.ports.in.IntakeOutcome;
import io.kubernaut.ports.in.IntakeOutcome.Result;
import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.out.RemediationStore;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.NewRemediation;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.Signal;
import io.kubernaut.ports.signal.SignalStatus;
import io.kubernaut.ports.signal.TargetRef;
import java.util.List;
import java.util.Optional;

/**
 * Takes in one signal: locate and resolve its target, fingerprint it, then count it as a
 * duplicate, record its resolution, or persist a new remediation.
 */
public final class AlertIntake implements IngestSignal {

  /** How many times a lost create race is re-read before giving up. */
  private static final int CREATE_ATTEMPTS = 3;

  private final RemediationStore store;
  private final ClusterInspector cluster;
  private final EnvironmentClassifier environments;

  public AlertIntake(RemediationStore store, ClusterInspector cluster, EnvironmentClassifier environments) {
    this.store = store;
    this.cluster = cluster;
    this.environments = environments;
  }

  @Override
  public IntakeOutcome ingest(IngestSignalCommand command) {
    Signal signal = command.signal();
    Optional<TargetRef> located = locate(signal);
    if (located.isEmpty()) {
      return new IntakeOutcome(Result.REJECTED, "", "", 0,
          "Alert " + signal.name() + " names no target: it needs a pod, workload, node or namespace label.");
    }
    TargetRef target = cluster.topLevelOwner(located.get());
    Fingerprint fingerprint = Fingerprinter.of(signal.name(), target);
    for (int attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
      List<RemediationSummary> existing = store.findByFingerprint(fingerprint);
      Optional<RemediationSummary> active = Deduplicator.activeAmong(existing);
      if (signal.status() == SignalStatus.RESOLVED) {
        return resolve(active, fingerprint, command);
      }
      if (active.isPresent()) {
        return duplicate(active.get(), command);
      }
      String name = RemediationNamer.next(signal.name(), fingerprint, existing);
      try {
        store.create(newRemediation(name, fingerprint, signal, target, command));
        return new IntakeOutcome(Result.CREATED, name, fingerprint.hex(), 0,
            "Created AlertRemediation " + name + " for " + target.display() + ".");
      } catch (AlreadyExistsException lostRace) {
        // Another request or replica created it first: re-read and count against the winner.
      }
    }
    throw new RetryableException(
        "Could not settle the remediation for fingerprint " + fingerprint.shortForm() + " after "
            + CREATE_ATTEMPTS + " attempts; retry later.");
  }

  private Optional<TargetRef> locate(Signal signal) {
    return signal.target() != null ? Optional.of(signal.target()) : TargetLocator.locate(signal.labels());
  }

  private IntakeOutcome duplicate(RemediationSummary active, IngestSignalCommand command) {
    RemediationSummary counted = store.recordDuplicate(active.name(), command.receivedAt());
    long count = counted.duplicates() == null ? 0 : counted.duplicates().count();
    return new IntakeOutcome(Result.DUPLICATE, active.name(), active.fingerprint().hex(), count,
        "Counted as duplicate " + count + " of active AlertRemediation " + active.name() + ".");
  }

  private IntakeOutcome resolve(Optional<RemediationSummary> active, Fingerprint fingerprint, IngestSignalCommand command) {
    if (active.isEmpty()) {
      return new IntakeOutcome(Result.RESOLVED, "", fingerprint.hex(), 0,
          "No active remediation has this fingerprint; the resolution needs no action.");
    }
    RemediationSummary resolved = store.recordResolution(active.get().name(), command.receivedAt());
    return new IntakeOutcome(Result.RESOLVED, resolved.name(), fingerprint.hex(),
        resolved.duplicates() == null ? 0 : resolved.duplicates().count(),
        "Recorded the resolution on AlertRemediation " + resolved.name() + ".");
  }

  private NewRemediation newRemediation(
      String name, Fingerprint fingerprint, Signal signal, TargetRef target, IngestSignalCommand command) {
    String namespace = target.namespace().isEmpty() ? TargetLocator.namespaceOf(signal.labels()) : target.namespace();
    Environment environment = namespace.isEmpty()
        ? Environment.UNKNOWN
        : environments.classify(namespace, cluster.namespaceLabels(namespace));
    return new NewRemediation(name, fingerprint, signal, target,
        SeverityNormalizer.normalize(signal.severity()), environment, command.receivedAt(), List.of());
  }
}

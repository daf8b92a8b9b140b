package io.kubernaut.http.api;

import io.kubernaut.ports.in.IngestSignal;
import io.kubernaut.ports.in.IngestSignalCommand;
import io.kubernaut.ports.in.IntakeOutcome;
import io.kubernaut.ports.in.IntakeOutcome.Result;
import io.kubernaut.ports.signal.SignalStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * An in-memory {@link IngestSignal}: the first firing signal of an alertname and target labels is
 * created, later ones are duplicates, resolved ones are resolved, and names set aside with {@link #ignore}
 * are ignored. A test can replace the answer.
 */
final class InMemoryIngestSignal implements IngestSignal {

  private final List<IngestSignalCommand> received = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private final Set<String> ignored = new HashSet<>();
  private volatile Function<IngestSignalCommand, IntakeOutcome> answer = this::remember;

  @Override
  public IntakeOutcome ingest(IngestSignalCommand command) {
    synchronized (received) {
      received.add(command);
    }
    return answer.apply(command);
  }

  void answerWith(Function<IngestSignalCommand, IntakeOutcome> answer) {
    this.answer = answer;
  }

  /** Answers signals of {@code alertName} as ignored, as the core does for its ignore list. */
  synchronized void ignore(String alertName) {
    ignored.add(alertName);
  }

  List<IngestSignalCommand> received() {
    synchronized (received) {
      return new ArrayList<>(received);
    }
  }

  private synchronized IntakeOutcome remember(IngestSignalCommand command) {
    String key = command.signal().name() + command.signal().labels().getOrDefault("pod", "")
        + (command.signal().target() == null ? "" : command.signal().target().display());
    String name = "ar-" + Integer.toHexString(key.hashCode());
    if (ignored.contains(command.signal().name())) {
      return IntakeOutcome.ignored(IntakeOutcome.IgnoreReason.IgnoredAlertName, "Ignored.");
    }
    if (command.signal().status() == SignalStatus.RESOLVED) {
      return new IntakeOutcome(Result.RESOLVED, name, "", 0, "Resolved.");
    }
    return seen.add(key)
        ? new IntakeOutcome(Result.CREATED, name, "", 0, "Created.")
        : new IntakeOutcome(Result.DUPLICATE, name, "", 1, "Duplicate.");
  }
}

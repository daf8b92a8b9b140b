package io.kubernaut.k8s.fakes;

import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.action.ActionRequest;
import io.kubernaut.ports.action.ActionStatus;
import io.kubernaut.ports.action.Verification;
import io.kubernaut.ports.out.ActionRunner;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.function.Consumer;

/** An action runner that counts calls and answers from scripts; an effect "takes" when execute succeeds. */
public final class InMemoryActionRunner implements ActionRunner {

  public final List<ActionRequest> executed = new ArrayList<>();
  public final List<ActionRequest> verified = new ArrayList<>();
  public final List<ActionRequest> dryRuns = new ArrayList<>();
  public final List<String> rolledBack = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** When set, a rollback call, once counted in {@link #rolledBack}, waits for it to open (a call under way). */
  public volatile java.util.concurrent.CountDownLatch rollbackGate;
  public final List<Map<String, String>> rollbackDataSeen = new ArrayList<>();
  public final Queue<ActionOutcome> rollbackOutcomes = new LinkedList<>();
  public final Queue<ActionOutcome> executeOutcomes = new LinkedList<>();
  public boolean effectInPlace;
  public Verification.Verdict verdictWithoutEffect = Verification.Verdict.DOES_NOT_HOLD;
  public Consumer<ActionRequest> onExecute = r -> { };
  /** Actions whose plugin has no room now: {@link #hasRoomFor} says so. */
  public final Set<String> noRoomFor = new java.util.HashSet<>();

  @Override
  public boolean hasRoomFor(String action) {
    return !noRoomFor.contains(action);
  }

  /** The rollback preparations asked for, in order. */
  public final List<ActionRequest> prepared = new ArrayList<>();
  /** The answer of the next rollback preparations; SUCCEEDED with no data until set. */
  public ActionOutcome prepareOutcome = ActionOutcome.of(ActionStatus.SUCCEEDED, "Nothing prepared.");

  /** Runs as each rollback preparation is asked, before it answers. */
  public Consumer<ActionRequest> onPrepare = r -> { };

  @Override
  public ActionOutcome prepareRollback(ActionRequest request) {
    prepared.add(request);
    onPrepare.accept(request);
    return prepareOutcome;
  }

  @Override
  public ActionOutcome execute(ActionRequest request) {
    executed.add(request);
    onExecute.accept(request);
    ActionOutcome outcome = executeOutcomes.isEmpty()
        ? new ActionOutcome(ActionStatus.SUCCEEDED, "Done.", Map.of("previousReplicas", "3"), Map.of())
        : executeOutcomes.poll();
    if (outcome.status() == ActionStatus.SUCCEEDED) {
      effectInPlace = true;
    }
    return outcome;
  }

  /** The answers of the next dry runs, in order; once empty, each passes. */
  public final Queue<ActionOutcome> dryRunOutcomes = new LinkedList<>();

  @Override
  public ActionOutcome dryRun(ActionRequest request) {
    dryRuns.add(request);
    return dryRunOutcomes.isEmpty() ? ActionOutcome.of(ActionStatus.SUCCEEDED, "Dry run passed.") : dryRunOutcomes.poll();
  }

  @Override
  public Verification verify(ActionRequest request) {
    verified.add(request);
    return effectInPlace ? new Verification(Verification.Verdict.HOLDS, "It holds.")
        : new Verification(verdictWithoutEffect, "It does not hold.");
  }

  @Override
  public ActionOutcome rollback(ActionRequest request, Map<String, String> rollbackData) {
    rolledBack.add(request.action() + "@" + request.target().name());
    awaitGate();
    rollbackDataSeen.add(rollbackData == null ? Map.of() : Map.copyOf(rollbackData));
    effectInPlace = false;
    return rollbackOutcomes.isEmpty() ? ActionOutcome.of(ActionStatus.SUCCEEDED, "Undone.") : rollbackOutcomes.poll();
  }

  private void awaitGate() {
    java.util.concurrent.CountDownLatch gate = rollbackGate;
    try {
      if (gate != null && !gate.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("The rollback gate stayed closed for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

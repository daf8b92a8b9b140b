package io.kubernaut.core.lifecycle;

import io.kubernaut.core.scope.ManagedScope;
import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.out.ActionRunner;
import io.kubernaut.ports.action.ActionStatus;
import io.kubernaut.ports.action.Verification;
import io.kubernaut.ports.execution.ExecutionDecision;
import io.kubernaut.ports.failure.Backoff;
import io.kubernaut.ports.execution.ExecutionDecision.AttemptRecord;
import io.kubernaut.ports.execution.ExecutionDecision.Call;
import io.kubernaut.ports.execution.ExecutionMode;
import io.kubernaut.ports.execution.ExecutionOwner;
import io.kubernaut.ports.execution.ExecutionSnapshot;
import io.kubernaut.ports.in.DecideExecution;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.pipeline.DurationFormatter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides a KubernetesExecution's next step: Validating → Executing → Verifying → Completed (or
 * Failed). An action runs at most once per start mark: whenever an execution is found Executing
 * with a mark (a restart, a retry after a failure) its verification decides before anything runs
 * again. A rollback is an execution in mode ROLLBACK: the same marks, and after a restart the
 * action's verification tells whether the effect is still there to undo. Pure.
 */
public final class ExecutionConductor implements DecideExecution {

  /** How long to wait before verifying again when the answer was unknown. */
  static final Duration RECHECK = Duration.ofSeconds(5);
  /** How soon a rollback the disruption budget holds back is checked again, when the verdict names no time. */
  static final Duration BUDGET_RECHECK = Duration.ofSeconds(30);
  /** The wait between attempts: 2 s after the first, doubling, at most a minute. */
  static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60));

  private final ManagedScope scope;

  /** A conductor for an operator that may change every namespace. */
  public ExecutionConductor() {
    this(ManagedScope.everything());
  }

  /** @param scope the namespaces Kubernaut may change, re-checked before every attempt */
  public ExecutionConductor(ManagedScope scope) {
    this.scope = scope;
  }

  @Override
  public ExecutionDecision decide(ExecutionSnapshot s) {
    ExecutionDecision decision = decideUnchecked(s);
    if (decision.phase() == null) {
      return decision;
    }
    PhaseMachines.Verdict verdict = PhaseMachines.execution(s.phase(), decision.phase());
    if (!verdict.legal()) {
      return new ExecutionDecision(s.phase(), ConditionReason.InvalidTransition, "KubernetesExecution " + s.name()
          + " stays " + s.phase() + ": " + verdict.reason(), Call.NONE, 0, null, null);
    }
    return decision;
  }

  private ExecutionDecision decideUnchecked(ExecutionSnapshot s) {
    ExecutionPhase phase = s.phase();
    if (phase != null && phase.isTerminal()) {
      return new ExecutionDecision(phase, ConditionReason.Accepted, "KubernetesExecution " + s.name() + " has ended ("
          + phase + ").", Call.NONE, 0, null, null);
    }
    if (s.outcome() != null) {
      return afterCall(s, s.outcome());
    }
    if (phase == null) {
      return step(ExecutionPhase.Validating, ConditionReason.Accepted, "Validating " + s.describe() + ".", Call.CONTINUE);
    }
    if (phase == ExecutionPhase.Validating) {
      return validating(s);
    }
    if (!s.now().isBefore(s.deadline())) {
      return fail(s, ConditionReason.TimedOut, "KubernetesExecution " + s.name() + " ran out of time at " + s.deadline()
          + " after " + s.attempts() + " attempts; check " + s.target() + " by hand.", null);
    }
    if (s.verification() != null) {
      return phase == ExecutionPhase.Verifying ? verified(s, s.verification()) : verifiedAfterMark(s, s.verification());
    }
    if (phase == ExecutionPhase.Verifying || s.actionStartedAt() != null) {
      return step(phase, ConditionReason.Executing, "Verifying " + s.describe() + ".",
          Call.VERIFY);
    }
    return attempt(s);
  }

  /** A dry run runs here and ends the execution; anything else moves on to Executing unless it is refused. */
  private ExecutionDecision validating(ExecutionSnapshot s) {
    Optional<ExecutionDecision> refused = refusal(s);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (s.mode() == ExecutionMode.DRY_RUN) {
      return step(ExecutionPhase.Validating, ConditionReason.Accepted, "Dry-running " + s.describe() + ".", Call.DRY_RUN);
    }
    return step(ExecutionPhase.Executing, ConditionReason.Executing, "KubernetesExecution " + s.name() + " is running "
        + s.describe() + ".", Call.CONTINUE);
  }

  /** Marks and makes the next attempt, unless it is refused now or the attempts are spent. */
  private ExecutionDecision attempt(ExecutionSnapshot s) {
    Optional<ExecutionDecision> refused = refusal(s);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (s.attempts() >= s.maxAttempts()) {
      return fail(s, ConditionReason.ActionFailed, "KubernetesExecution " + s.name() + " made all " + s.attempts()
          + " attempts and " + s.describe() + " did not take effect.", null);
    }
    int attempt = s.attempts() + 1;
    Call call = s.mode() == ExecutionMode.ROLLBACK ? Call.ROLLBACK : Call.RUN;
    return new ExecutionDecision(ExecutionPhase.Executing, ConditionReason.ActionStarted, "Attempt " + attempt + " of "
        + s.describe() + " started at " + s.now() + ".", call, attempt, null, null);
  }

  /** The answer of the call made in this reconcile. */
  private ExecutionDecision afterCall(ExecutionSnapshot s, ActionOutcome outcome) {
    ActionStatus status = outcome.status();
    if (status == ActionStatus.NOT_STARTED) {
      return notStarted(s, outcome);
    }
    return switch (s.mode()) {
      case DRY_RUN -> {
        AttemptRecord audit = new AttemptRecord(1, "dry-run-" + status.name(), outcome.message());
        yield status.isFailure()
            ? fail(s, ConditionReason.DryRunFailed, "The dry run of " + s.describe() + " failed: " + outcome.message(), audit)
            : complete(s, ConditionReason.Verified, "The dry run of " + s.describe() + " passed; nothing was changed. "
                + outcome.message(), audit);
      }
      case ROLLBACK -> {
        AttemptRecord audit = new AttemptRecord(s.attempts(), "rollback-" + status.name(), outcome.message());
        if (status == ActionStatus.SKIPPED) {
          // The action cannot roll back, or found nothing of the step's left to undo (changed since).
          yield complete(s, ConditionReason.RolledBack, "KubernetesExecution " + s.name() + " did not undo " + s.action()
              + " on " + s.target() + ": " + outcome.message() + " What it did stays.", audit);
        }
        if (!status.isFailure()) {
          yield complete(s, ConditionReason.RolledBack, "KubernetesExecution " + s.name() + " undid " + s.action() + " on "
              + s.target() + ": " + outcome.message(), audit);
        }
        yield failedAttempt(s, outcome, audit, " Undo it by hand with the rollback data in kubectl get kex " + s.name()
            + " -o yaml.");
      }
      case EXECUTE -> {
        AttemptRecord audit = new AttemptRecord(s.attempts(), status.name(), outcome.message());
        if (!status.isFailure()) {
          yield new ExecutionDecision(ExecutionPhase.Verifying, ConditionReason.ActionSucceeded, outcome.message(),
              Call.VERIFY, 0, audit, null);
        }
        yield failedAttempt(s, outcome, audit, "");
      }
    };
  }

  /**
   * A call the action host never started (no thread of its plugin free): nothing ran, so nothing is
   * recorded as an attempt (the controller has withdrawn its start mark) and it is tried again after
   * {@link ActionRunner#turnedAwayWait}, in the same phase, until the execution's deadline. An alert storm that
   * queues more calls than a plugin's pool holds thus waits for it instead of spending attempts.
   */
  private ExecutionDecision notStarted(ExecutionSnapshot s, ActionOutcome outcome) {
    String what = s.mode() == ExecutionMode.DRY_RUN ? "The dry run" : "Attempt " + (s.attempts() + 1);
    Duration wait = within(ActionRunner.turnedAwayWait(s.name()), s);
    return new ExecutionDecision(s.phase(), ConditionReason.ActionNotStarted, outcome.message() + " " + what
        + " counts as no attempt and is tried again in " + wait.toMillis() / 1000.0 + " s.", Call.NONE, 0, null, wait);
  }

  /** A failed attempt: permanent or the last one fails the execution; otherwise retry after a backoff. */
  private ExecutionDecision failedAttempt(ExecutionSnapshot s, ActionOutcome outcome, AttemptRecord audit, String advice) {
    int attempt = s.attempts();
    if (outcome.status() == ActionStatus.FAILED_PERMANENT || attempt >= s.maxAttempts()) {
      return fail(s, ConditionReason.ActionFailed, "KubernetesExecution " + s.name() + " failed " + s.describe()
          + " on attempt " + attempt + " of " + s.maxAttempts() + ": " + outcome.message() + advice, audit);
    }
    return new ExecutionDecision(ExecutionPhase.Executing, ConditionReason.ActionFailed, "Attempt " + attempt + " failed ("
        + outcome.status() + "): " + outcome.message() + " It is verified and retried.", Call.NONE, 0, audit,
        within(backoff(attempt), s));
  }

  /** The postcondition check after a successful call. */
  private ExecutionDecision verified(ExecutionSnapshot s, Verification v) {
    return switch (v.verdict()) {
      case HOLDS -> complete(s, ConditionReason.Verified, "KubernetesExecution " + s.name() + " completed " + s.describe()
          + ": " + v.message(), null);
      case DOES_NOT_HOLD -> fail(s, ConditionReason.ActionFailed, "KubernetesExecution " + s.name() + " ran "
          + s.describe() + " but its postcondition does not hold: " + v.message(), null);
      case UNKNOWN -> new ExecutionDecision(ExecutionPhase.Verifying, ConditionReason.ActionSucceeded, "Verifying "
          + s.describe() + ": " + v.message(), Call.NONE, 0, null, within(RECHECK, s));
    };
  }

  /**
   * Found Executing with a start mark (a restart, or a retry): the action's verification decides.
   * For an execution, HOLDS means it took effect and must not run again; for a rollback, the
   * effect no longer holding means the undo already happened.
   */
  private ExecutionDecision verifiedAfterMark(ExecutionSnapshot s, Verification v) {
    if (v.verdict() == Verification.Verdict.UNKNOWN) {
      return new ExecutionDecision(ExecutionPhase.Executing, ConditionReason.Executing, "Cannot tell yet whether attempt "
          + s.attempts() + " of " + s.describe() + " took effect: " + v.message() + " Checking again.", Call.NONE, 0, null,
          within(RECHECK, s));
    }
    boolean done = s.mode() == ExecutionMode.ROLLBACK ? !v.holds() : v.holds();
    if (done) {
      String label = s.mode() == ExecutionMode.ROLLBACK ? "rollback-verified-after-restart" : "verified-after-restart";
      return complete(s, s.mode() == ExecutionMode.ROLLBACK ? ConditionReason.RolledBack : ConditionReason.Verified,
          "KubernetesExecution " + s.name() + " found " + s.describe() + " already in effect (started "
              + s.actionStartedAt() + "); it was not run again. " + v.message(),
          new AttemptRecord(s.attempts(), label, v.message()));
    }
    if (s.attempts() >= s.maxAttempts()) {
      return fail(s, ConditionReason.ActionFailed, "KubernetesExecution " + s.name() + " made all " + s.attempts()
          + " attempts and " + s.describe() + " did not take effect: " + v.message(), null);
    }
    return attempt(s);
  }

  /**
   * Checked before the first step and before every attempt and retry: an execution runs only when
   * an admitted workflow planned it, its target is not in a protected namespace and is in the
   * managed scope, the kill switch is off, and (when it takes something: a step's action, a
   * rollback that disrupts a node again) the disruption budget still has room for it.
   */
  private Optional<ExecutionDecision> refusal(ExecutionSnapshot s) {
    ExecutionOwner owner = s.owner();
    String rejected = owner.workflow() == null
        ? "no WorkflowExecution owns it; executions are created by admitted workflows only"
        : !owner.exists() ? "its WorkflowExecution " + owner.workflow() + " does not exist"
        : !owner.plansThisExecution() ? "WorkflowExecution " + owner.workflow() + " did not plan "
            + (s.mode() == ExecutionMode.ROLLBACK ? "this rollback with what the undone run recorded (sealed), or did"
                + " not decide it" : "this step with this name, action, target, parameters, attempts and timeout, or"
                + " has not started it")
        : !owner.admitted() ? "WorkflowExecution " + owner.workflow() + " has not passed its validation"
        : !owner.running() && s.attempts() == 0 ? "WorkflowExecution " + owner.workflow()
            + " has ended and starts no more steps"
        : null;
    if (rejected == null && !owner.running()) {
      // Under way when its workflow ended (cancelled, timed out, stopped with its remediation): no retry.
      return Optional.of(fail(s, ConditionReason.ParentEnded, "KubernetesExecution " + s.name() + " stopped after "
          + s.attempts() + (s.attempts() == 1 ? " attempt" : " attempts") + ": its WorkflowExecution " + owner.workflow()
          + " has ended, so it makes no further attempt. The attempts made may have taken effect; check " + s.target()
          + " by hand.", null));
    }
    if (rejected != null) {
      return Optional.of(fail(s, ConditionReason.Rejected, "KubernetesExecution " + s.name() + " was refused: " + rejected
          + (s.attempts() > 0 ? ". It makes no further attempt; the " + s.attempts() + " made may have taken effect: check "
              + s.target() + " by hand." : ". Nothing was run."), null));
    }
    if (s.protectedTarget()) {
      return Optional.of(fail(s, ConditionReason.ProtectedNamespace, "KubernetesExecution " + s.name() + " did not run "
          + s.describe() + ": its namespace is protected." + (s.attempts() > 0
              ? " Earlier attempts may have taken effect; check " + s.target() + " by hand." : ""), null));
    }
    if (s.targetNamespaceLabels() != null && !scope.includes(s.targetNamespaceLabels())) {
      return Optional.of(fail(s, ConditionReason.NotManaged, "KubernetesExecution " + s.name() + " did not run "
          + s.describe() + (ManagedScope.optedOut(s.targetNamespaceLabels())
              ? ": its namespace opted out with " + ManagedScope.OPT_OUT_LABEL + "=false."
              : ": its namespace is outside the managed scope (" + scope.selector() + ").")
          + (s.attempts() > 0 ? " Earlier attempts may have taken effect; check " + s.target() + " by hand." : ""), null));
    }
    if (s.killSwitch()) {
      return Optional.of(killed(s));
    }
    if (s.budget() != null && !s.budget().allowed() && s.mode() == ExecutionMode.ROLLBACK) {
      return Optional.of(s.now().isBefore(s.deadline()) ? budgetWait(s) : fail(s, ConditionReason.TimedOut,
          "KubernetesExecution " + s.name() + " ran out of time at " + s.deadline() + " waiting for room to run "
          + s.describe() + ": " + s.budget().message() + " The steps it would undo stay in effect; undo them by hand.",
          null));
    }
    if (s.budget() != null && !s.budget().allowed()) {
      return Optional.of(fail(s, s.budget().reason(), "KubernetesExecution " + s.name() + " did not run " + s.describe()
          + ": " + s.budget().message() + (s.attempts() > 0
              ? " Earlier attempts may have taken effect; check " + s.target() + " by hand." : ""), null));
    }
    return Optional.empty();
  }

  /**
   * A rollback that would cordon or taint a node again while the disruption budget has no room waits for room, not
   * failing at once (failing would leave every step in effect): it is checked again when the budget's verdict says a
   * slot frees, else after {@link #BUDGET_RECHECK}, until its deadline, when it fails TimedOut (in Validating as in
   * Executing), the steps it would undo in effect.
   */
  private ExecutionDecision budgetWait(ExecutionSnapshot s) {
    Instant until = s.budget().until();
    Duration wait = within(until != null && until.isAfter(s.now()) ? Duration.between(s.now(), until) : BUDGET_RECHECK, s);
    return new ExecutionDecision(s.phase(), s.budget().reason(), "KubernetesExecution " + s.name() + " waits to run "
        + s.describe() + ": " + s.budget().message() + " It is checked again in " + DurationFormatter.words(wait)
        + ", until its deadline " + s.deadline() + ".", Call.NONE, 0, null, wait);
  }

  private ExecutionDecision killed(ExecutionSnapshot s) {
    return fail(s, ConditionReason.KillSwitch, "KubernetesExecution " + s.name() + " did not run " + s.describe()
        + ": the global kill switch is on in kubernaut-config." + (s.attempts() > 0
            ? " Earlier attempts may have taken effect; check " + s.target() + " by hand." : ""), null);
  }

  /** Be in {@code phase} (entered, or stayed in) and make {@code call}. */
  private static ExecutionDecision step(ExecutionPhase phase, ConditionReason reason, String message, Call call) {
    return new ExecutionDecision(phase, reason, message, call, 0, null, null);
  }

  private static ExecutionDecision complete(ExecutionSnapshot s, ConditionReason reason, String message, AttemptRecord audit) {
    return new ExecutionDecision(ExecutionPhase.Completed, reason, message, Call.NONE, 0, audit, null);
  }

  private static ExecutionDecision fail(ExecutionSnapshot s, ConditionReason reason, String message, AttemptRecord audit) {
    return new ExecutionDecision(ExecutionPhase.Failed, reason, message, Call.NONE, 0, audit, null);
  }

  /** 2 s, 4 s, 8 s ... after attempt n, at most a minute. */
  static Duration backoff(int attempt) {
    return BACKOFF.after(Math.max(attempt, 1));
  }

  /** {@code wait}, but never past the deadline, and never zero. */
  private static Duration within(Duration wait, ExecutionSnapshot s) {
    Duration left = Duration.between(s.now(), s.deadline());
    Duration d = wait.compareTo(left) < 0 ? wait : left;
    return d.isNegative() || d.isZero() ? Duration.ofMillis(100) : d;
  }
}

package io.kubernaut.ports.out;

import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.action.ActionRequest;
import io.kubernaut.ports.action.ActionStatus;
import io.kubernaut.ports.action.Verification;
import java.time.Duration;
import java.util.Map;

/**
 * Driven port: runs one action call under a deadline. It never throws for a plugin's fault: a
 * plugin that throws, hangs or is unknown yields a failed outcome, never a failed operator.
 *
 * <p>Restart safety: record that an execution started before calling {@link #execute}, with what
 * {@link #prepareRollback} answered; after a restart call {@link #verify} first and run the action
 * again only when the postcondition does not hold.
 */
public interface ActionRunner {

  /** Runs the action (the request's dryRun flag is ignored: use {@link #dryRun}). */
  ActionOutcome execute(ActionRequest request);

  /** Runs the action's dry run: a server-side dry run or a read-only validation. */
  ActionOutcome dryRun(ActionRequest request);

  /** Checks the action's postcondition for this target and parameters. */
  Verification verify(ActionRequest request);

  /**
   * What a rollback would need to undo {@link #execute} of this request, read from the target as it
   * is now without changing anything: the caller records it with the start of the execution, before
   * the call that changes the cluster. SUCCEEDED with the data (empty when the action records it only
   * in its result); a failure when it could not be read. The default: SUCCEEDED and empty.
   */
  default ActionOutcome prepareRollback(ActionRequest request) {
    return ActionOutcome.of(ActionStatus.SUCCEEDED, "No rollback data is prepared before " + request.action() + ".");
  }

  /** Undoes a successful execution using the rollback data it returned. */
  ActionOutcome rollback(ActionRequest request, Map<String, String> rollbackData);

  /**
   * Whether a call of {@code action} would find a thread of its plugin, or a place in its queue,
   * now: a hint (the place may be taken before the call is made), by which a caller turns itself
   * away before it writes anything for a call that would not start. A runner that never turns calls
   * away always has room (the default).
   */
  default boolean hasRoomFor(String action) {
    return true;
  }

  /**
   * The most callers this runner can keep waiting at once on calls that may hang (third parties'
   * plugins): calls running and calls queued for a thread; each holds its caller's thread until it
   * ends (at most its deadline). Beyond it a call is turned away (NOT_STARTED) at once. The operator
   * gives its reconciles this many threads more than it otherwise would, so that plugins whose calls
   * hang cannot take the threads every controller shares. 0 (the default): its calls do not wait. A
   * runner that wraps another answers the other's number.
   */
  default int mostWaitingCallers() {
    return 0;
  }

  /**
   * The calls (not dry runs) that passed their deadline and still run in this process: interrupted,
   * their plugin has not let go, and they may still change their target. Empty by default.
   */
  default java.util.List<io.kubernaut.ports.action.RunawayCall> runawayCalls() {
    return java.util.List.of();
  }

  /** The shortest wait of a caller turned away with NOT_STARTED before it tries again. */
  Duration TURNED_AWAY_WAIT = Duration.ofSeconds(2);

  /**
   * How long the caller {@code name} (an execution, a workflow) waits after the action host turned
   * it away: 2 to 4 s, the same for one caller and spread over that range by its name, so that the
   * calls a busy plugin turned away do not all come back at the same moment.
   */
  static Duration turnedAwayWait(String name) {
    return TURNED_AWAY_WAIT.plusMillis(Math.floorMod(name.hashCode(), (int) TURNED_AWAY_WAIT.toMillis()));
  }
}

package io.kubernaut.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What {@link GaugeAction} does to the test's gauge, set by the test: the action calls
 * {@link #execute} and {@link #rollback} with its target. This class is never packed into the
 * plugin jar, so the plugin's class loader finds it in the test's (as {@link ActionGate}); public,
 * because the two classes are in different runtime packages.
 */
public final class GaugeHook {

  private static volatile Consumer<String> onExecute = target -> {};
  private static final List<String> EXECUTED = new CopyOnWriteArrayList<>();
  private static final List<String> ROLLED_BACK = new CopyOnWriteArrayList<>();

  private GaugeHook() {}

  /** Called by the action inside its attempt, with the target's display name. */
  public static void execute(String target) {
    EXECUTED.add(target);
    onExecute.accept(target);
  }

  /** Called by the action's rollback, with the target's display name and the rollback data's note. */
  public static void rollback(String target, String note) {
    ROLLED_BACK.add(target + " " + note);
  }

  /** What the next attempts do (e.g. set the gauge to a good value, or nothing). */
  static void onExecute(Consumer<String> what) {
    onExecute = what;
  }

  static List<String> executed() {
    return List.copyOf(EXECUTED);
  }

  static List<String> rolledBack() {
    return List.copyOf(ROLLED_BACK);
  }
}

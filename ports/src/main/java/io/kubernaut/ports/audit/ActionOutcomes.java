package io.kubernaut.ports.audit;

import java.util.Locale;

/**
 * The outcome of an ACTION record, in the vocabulary the history reads and external writers post:
 * {@link #SUCCEEDED}, {@link #DRY_RUN}, {@link #ROLLED_BACK}, or a failure named after its kind.
 * The operator's attempt outcomes ({@code SUCCEEDED}, {@code FAILED_RETRYABLE}, {@code dry-run-SUCCEEDED},
 * {@code rollback-SUCCEEDED}, {@code verified-after-restart}, ...) are translated by {@link #of}.
 */
public final class ActionOutcomes {

  /** The action did what was asked (or was verified to have taken effect after a restart). */
  public static final String SUCCEEDED = "Succeeded";
  /** A dry run, whatever it found: never an attempt in the history. */
  public static final String DRY_RUN = "DryRun";
  /** A rollback that undid the step. */
  public static final String ROLLED_BACK = "RolledBack";
  /** A rollback that did not undo the step. */
  public static final String ROLLBACK_FAILED = "RollbackFailed";
  /** A rollback the action does not support: nothing was undone, nothing failed. */
  public static final String ROLLBACK_SKIPPED = "RollbackSkipped";

  private static final String VERIFIED_AFTER_RESTART = "verified-after-restart";

  private ActionOutcomes() {}

  /**
   * The record's outcome for an attempt outcome of the operator: {@code SUCCEEDED} and
   * {@code verified-after-restart} read {@code Succeeded}; {@code dry-run-*} reads {@code DryRun};
   * {@code rollback-SUCCEEDED} and {@code rollback-verified-after-restart} read {@code RolledBack},
   * {@code rollback-SKIPPED} {@code RollbackSkipped}, any other {@code rollback-*} {@code RollbackFailed}; another status reads in camel case
   * ({@code FAILED_RETRYABLE}: {@code FailedRetryable}). A value already in this vocabulary is kept.
   */
  public static String of(String attemptOutcome) {
    String o = attemptOutcome == null ? "" : attemptOutcome;
    String lower = o.toLowerCase(Locale.ROOT);
    if (lower.startsWith("dry-run-")) {
      return DRY_RUN;
    }
    if (lower.startsWith("rollback-")) {
      String rest = lower.substring("rollback-".length());
      return rest.equals("succeeded") || rest.equals(VERIFIED_AFTER_RESTART) ? ROLLED_BACK
          : rest.equals("skipped") ? ROLLBACK_SKIPPED : ROLLBACK_FAILED;
    }
    if (lower.equals(VERIFIED_AFTER_RESTART)) {
      return SUCCEEDED;
    }
    if (!o.contains("_") && !o.equals(o.toUpperCase(Locale.ROOT))) {
      return o; // already camel case: Succeeded, Failed, an external writer's own word
    }
    StringBuilder camel = new StringBuilder();
    for (String part : lower.split("_")) {
      if (!part.isEmpty()) {
        camel.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return camel.toString();
  }
}

package io.kubernaut.http.api.console;

import io.kubernaut.ports.board.RemediationRow;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.time.Instant;
import java.util.Optional;

/** What a remediation waits for, and which storms are in progress, as the console shows them. */
final class Waits {

  private Waits() {}

  /** A storm a remediation still absorbs signals for. */
  record StormView(String remediation, String alertName, String namespace, String threshold, long count, long limit,
      String window, Instant escalatedAt, long duplicates, String phase) {
    static StormView of(RemediationRow r) {
      RemediationRow.Storm s = r.storm();
      return new StormView(r.name(), r.alertName(), r.target().namespace(), s.threshold(), s.count(), s.limit(),
          s.window(), s.escalatedAt(), r.duplicates(), r.phase().name());
    }
  }

  /**
   * A remediation that waits.
   *
   * @param waitsFor {@code approval}, {@code rollback} (a decision on rolling back after a failed
   *     verification, which expires at {@code until}), {@code rule} (a time-bound safety rule that
   *     lifts at {@code until}) or {@code operator} (a block that only a person lifts)
   * @param reason a sentence saying what it waits for
   */
  record BlockView(String remediation, String alertName, String target, String phase, String waitsFor,
      Instant until, String reason) {}

  /** Whether the remediation still runs, or a time-bound rule still holds it. */
  static boolean inProgress(RemediationRow r, Instant now) {
    return !r.phase().isTerminal() || (r.blockedUntil() != null && r.blockedUntil().isAfter(now));
  }

  /** What {@code r} waits for, when it waits. */
  static Optional<BlockView> blockOf(RemediationRow r, Instant now) {
    RemediationPhase phase = r.phase();
    String target = r.target().display();
    if (phase == RemediationPhase.AwaitingApproval) {
      return Optional.of(new BlockView(r.name(), r.alertName(), target, r.phase().name(), "approval", null,
          "Waits for a person allowed to approve to approve or reject its workflow."
              + (r.message().isEmpty() ? "" : " " + r.message())));
    }
    if (r.rollback() != null) {
      RemediationRow.PendingRollback p = r.rollback();
      String failed = p.check().isEmpty() ? "Verification failed" : "Verification failed on check " + p.check()
          + (p.lastValue() == null ? "" : " (last value " + p.lastValue() + ")");
      return Optional.of(new BlockView(r.name(), r.alertName(), target, r.phase().name(), "rollback", p.expiresAt(),
          failed + ". Waits for a person allowed to approve to approve rolling its steps back, or reject to keep "
              + "them in effect" + (p.expiresAt() == null ? "" : ", before " + p.expiresAt()) + "."));
    }
    if (r.blockedUntil() != null && r.blockedUntil().isAfter(now)) {
      return Optional.of(new BlockView(r.name(), r.alertName(), target, r.phase().name(), "rule", r.blockedUntil(),
          "Held by a safety rule until " + r.blockedUntil() + "." + (r.message().isEmpty() ? "" : " " + r.message())));
    }
    if (phase == RemediationPhase.Blocked && r.blockedUntil() == null) {
      return Optional.of(new BlockView(r.name(), r.alertName(), target, r.phase().name(), "operator", null,
          r.message().isEmpty() ? "Blocked by the safety envelope or the kill switch; a person lifts it." : r.message()));
    }
    return Optional.empty();
  }

}

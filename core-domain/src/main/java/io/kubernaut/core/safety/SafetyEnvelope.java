package io.kubernaut.core.safety;

import io.kubernaut.ports.pipeline.DurationFormatter;
import io.kubernaut.ports.in.CheckSafety;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.safety.ExecutionRecord;
import io.kubernaut.ports.safety.SafetyLimits;
import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The safety envelope: each rule either passes or denies with a reason and a sentence; the first
 * denial wins. Everything it knows about other executions comes from the request, which the
 * adapter derives from the KubernetesExecutions that exist. Rules decide by what an action
 * declares (its {@link io.kubernaut.ports.action.ActionImpact}), never by its name, so a
 * third-party action is judged like a built-in one.
 */
public final class SafetyEnvelope implements CheckSafety {

  private final String operatorNamespace;
  private final List<Function<SafetyRequest, Optional<SafetyVerdict>>> rules;

  /** @param operatorNamespace the operator's own namespace, always protected */
  public SafetyEnvelope(String operatorNamespace) {
    this.operatorNamespace = operatorNamespace;
    this.rules = List.of(SafetyEnvelope::killSwitch, this::protectedNamespace, ScaleLimits::check, GrowthLimits::check,
        BudgetKeeper::check, SafetyEnvelope::targetLock, SafetyEnvelope::cooldown,
        SafetyEnvelope::repeatedFailures, SafetyEnvelope::failedVerifications, Oscillation::check);
  }

  @Override
  public SafetyVerdict check(SafetyRequest r) {
    for (var rule : rules) {
      Optional<SafetyVerdict> denial = rule.apply(r);
      if (denial.isPresent()) {
        return denial.get();
      }
    }
    return SafetyVerdict.allow(r.action() + " on " + r.target().display() + " is within the safety envelope.");
  }

  @Override
  public SafetyVerdict checkBudget(SafetyRequest r) {
    return BudgetKeeper.check(r).orElseGet(() -> SafetyVerdict.allow(r.action() + " on " + r.target().display()
        + " is within the disruption budget."));
  }

  private static Optional<SafetyVerdict> killSwitch(SafetyRequest r) {
    return deny(r.killSwitch(), ConditionReason.KillSwitch, "The global kill switch is on in kubernaut-config, so "
        + r.action() + " on " + r.target().display() + " may not run; turn it off to execute again.");
  }

  private Optional<SafetyVerdict> protectedNamespace(SafetyRequest r) {
    String ns = r.target().namespace();
    boolean isProtected = !ns.isEmpty() && (ns.equals(operatorNamespace) || r.policy().protectedNamespaces().contains(ns));
    return deny(isProtected, ConditionReason.ProtectedNamespace, "Namespace " + ns + " is protected, so " + r.action()
        + " on " + r.target().display() + " is denied; remediate it by hand.");
  }

  private static Optional<SafetyVerdict> targetLock(SafetyRequest r) {
    Optional<ExecutionRecord> busy = r.executions().stream()
        .filter(e -> e.mayBeRunning(r.now()) && e.target().equals(r.target()) && !e.remediation().equals(r.remediation()))
        .min(Comparator.comparing(e -> e.state() == ExecutionRecord.State.ACTIVE ? 0 : 1));
    if (busy.isPresent() && busy.get().state() == ExecutionRecord.State.INTERRUPTED) {
      ExecutionRecord e = busy.get();
      return Optional.of(SafetyVerdict.deny(ConditionReason.TargetBusy, r.target().display() + " may still be acted on "
          + "by execution " + e.name() + " (" + e.action() + "), whose remediation " + e.remediation() + " was deleted "
          + "while its action ran; the action may run until its step's deadline, " + e.completedAt()
          + ", and one execution per target at a time.", e.completedAt()));
    }
    // The running execution's end is not known: the block is held for one cooldown, after which the same
    // action on this target would wait for the cooldown anyway.
    return busy.map(e -> SafetyVerdict.deny(ConditionReason.TargetBusy, r.target().display() + " already has execution "
        + e.name() + " (" + e.action() + ") running for " + e.remediation() + "; one execution per target at a time.",
        r.now().plus(limits(r).cooldown())));
  }

  private static Optional<SafetyVerdict> cooldown(SafetyRequest r) {
    SafetyLimits limits = limits(r);
    Optional<ExecutionRecord> recent = r.executions().stream()
        .filter(e -> e.state() != ExecutionRecord.State.ACTIVE && e.completedAt() != null && !e.rollback())
        .filter(e -> e.action().equals(r.action()) && e.target().equals(r.target()) && !e.remediation().equals(r.remediation()))
        .filter(e -> e.completedAt().plus(limits.cooldown()).isAfter(r.now()))
        .max(Comparator.comparing(ExecutionRecord::completedAt));
    return recent.map(e -> SafetyVerdict.deny(ConditionReason.Cooldown, r.action() + " ran on " + r.target().display()
        + " at " + e.completedAt() + " (" + e.name() + "); the same action on the same target waits "
        + DurationFormatter.words(limits.cooldown()) + ", until " + e.completedAt().plus(limits.cooldown()) + ".",
        e.completedAt().plus(limits.cooldown())));
  }

  private static Optional<SafetyVerdict> repeatedFailures(SafetyRequest r) {
    if (r.fingerprint().isEmpty()) {
      return Optional.empty();
    }
    SafetyLimits limits = limits(r);
    // An interrupted execution (its remediation deleted mid-action) neither ends nor extends the run of failures, and
    // neither does a rollback (the step it undid counts as failed).
    List<ExecutionRecord> ended = r.executions().stream()
        .filter(e -> e.state() != ExecutionRecord.State.ACTIVE && e.state() != ExecutionRecord.State.INTERRUPTED
            && e.completedAt() != null && !e.rollback())
        .filter(e -> sameFingerprint(e.fingerprint(), r.fingerprint()))
        .sorted(Comparator.comparing(ExecutionRecord::completedAt).reversed())
        .toList();
    int failures = 0;
    while (failures < ended.size() && ended.get(failures).state() == ExecutionRecord.State.FAILED) {
      failures++;
    }
    boolean blocked = failures >= limits.failureThreshold()
        && ended.get(0).completedAt().plus(limits.failureBlock()).isAfter(r.now());
    if (!blocked) {
      return Optional.empty();
    }
    Instant until = ended.get(0).completedAt().plus(limits.failureBlock());
    return Optional.of(SafetyVerdict.deny(ConditionReason.RepeatedFailures, "The last " + failures
        + " executions for fingerprint " + r.fingerprint().substring(0, Math.min(12, r.fingerprint().length()))
        + " failed, so it is blocked until " + until + "; find out why before retrying.", until));
  }

  /**
   * The same action failed verification on the same target {@code failedVerificationThreshold} times
   * (in as many remediations) within {@code failedVerificationWindow}: it is blocked there until the
   * oldest of those leaves the window.
   */
  private static Optional<SafetyVerdict> failedVerifications(SafetyRequest r) {
    var rules = limits(r).verification();
    Instant since = r.now().minus(rules.failedWindow());
    List<ExecutionRecord> failed = r.executions().stream()
        .filter(e -> e.failedVerification() && !e.rollback() && e.action().equals(r.action())
            && e.target().equals(r.target()))
        .filter(e -> e.lastActivity().isAfter(since) && !e.remediation().equals(r.remediation()))
        .sorted(Comparator.comparing(ExecutionRecord::lastActivity))
        // Each remediation once, by its latest failed verification (the block lasts from that one): the earliest made the
        // block's end, as reported, come before the rule stopped denying.
        .collect(java.util.stream.Collectors.toMap(ExecutionRecord::remediation, e -> e, (a, b) -> b,
            java.util.LinkedHashMap::new)).values().stream()
        .sorted(Comparator.comparing(ExecutionRecord::lastActivity)).toList();
    if (failed.size() < rules.failedThreshold()) {
      return Optional.empty();
    }
    Instant until = failed.get(failed.size() - rules.failedThreshold()).lastActivity().plus(rules.failedWindow());
    return Optional.of(SafetyVerdict.deny(ConditionReason.FailedVerifications, r.action() + " failed verification on "
        + r.target().display() + " in " + failed.size() + " remediations within " + rules.failedWindow().toHours()
        + " h (" + String.join(", ", failed.stream().map(ExecutionRecord::remediation).toList()) + "), so it is blocked "
        + "there until " + until + "; choose another action or fix it by hand.", until));
  }

  /** Labels carry the first 40 hex characters of a fingerprint, specs all 64. */
  static boolean sameFingerprint(String a, String b) {
    int n = Math.min(a.length(), b.length());
    return n >= 16 && a.regionMatches(0, b, 0, n);
  }

  static SafetyLimits limits(SafetyRequest r) {
    return r.policy().limitsFor(r.environment());
  }

  static Optional<SafetyVerdict> deny(boolean condition, ConditionReason reason, String message) {
    return condition ? Optional.of(SafetyVerdict.deny(reason, message)) : Optional.empty();
  }

}

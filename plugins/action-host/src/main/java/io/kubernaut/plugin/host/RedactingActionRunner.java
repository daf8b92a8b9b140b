package io.kubernaut.plugin.host;

import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.action.ActionRequest;
import io.kubernaut.ports.action.Verification;
import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.ports.out.ActionRunner;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Redacts what a plugin says before it leaves the action host: the message and every detail value
 * of each outcome (a {@code collect_diagnostics} log line holding a token, an exception message
 * quoting a connection string) and each verification message. Rollback data is passed on as the
 * plugin wrote it, because a rollback needs it verbatim.
 */
final class RedactingActionRunner implements ActionRunner {

  private final ActionRunner delegate;
  private final RedactSecrets redactor;

  RedactingActionRunner(ActionRunner delegate, RedactSecrets redactor) {
    this.delegate = delegate;
    this.redactor = redactor;
  }

  @Override
  public ActionOutcome execute(ActionRequest request) {
    return redacted(delegate.execute(request));
  }

  @Override
  public ActionOutcome dryRun(ActionRequest request) {
    return redacted(delegate.dryRun(request));
  }

  @Override
  public Verification verify(ActionRequest request) {
    Verification v = delegate.verify(request);
    return new Verification(v.verdict(), redactor.redact(v.message()));
  }

  @Override
  public ActionOutcome prepareRollback(ActionRequest request) {
    return redacted(delegate.prepareRollback(request));
  }

  @Override
  public ActionOutcome rollback(ActionRequest request, Map<String, String> rollbackData) {
    return redacted(delegate.rollback(request, rollbackData));
  }

  @Override
  public boolean hasRoomFor(String action) {
    return delegate.hasRoomFor(action);
  }

  @Override
  public int mostWaitingCallers() {
    return delegate.mostWaitingCallers();
  }

  @Override
  public java.util.List<io.kubernaut.ports.action.RunawayCall> runawayCalls() {
    return delegate.runawayCalls();
  }

  private ActionOutcome redacted(ActionOutcome o) {
    Map<String, String> details = new LinkedHashMap<>();
    o.details().forEach((k, v) -> details.put(k, redactor.redact(v)));
    return new ActionOutcome(o.status(), redactor.redact(o.message()), o.rollbackData(), details, o.resultingTarget());
  }
}

package io.kubernaut.k8s.badexample;

import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.action.ActionRequest;
import io.kubernaut.ports.action.Verification;
import io.kubernaut.ports.out.ActionRunner;
import java.util.Map;

/**
 * Deliberately wrong: a wrapper of an action runner that passes on the abstract methods and the
 * rollback preparation but leaves {@link ActionRunner#hasRoomFor} and
 * {@link ActionRunner#mostWaitingCallers} to the interface's defaults. Only for RulesBiteTest.
 */
public final class ForgetfulActionRunner implements ActionRunner {

  private final ActionRunner delegate;

  public ForgetfulActionRunner(ActionRunner delegate) {
    this.delegate = delegate;
  }

  @Override
  public ActionOutcome execute(ActionRequest request) {
    return delegate.execute(request);
  }

  @Override
  public ActionOutcome dryRun(ActionRequest request) {
    return delegate.dryRun(request);
  }

  @Override
  public Verification verify(ActionRequest request) {
    return delegate.verify(request);
  }

  @Override
  public ActionOutcome prepareRollback(ActionRequest request) {
    return delegate.prepareRollback(request);
  }

  @Override
  public ActionOutcome rollback(ActionRequest request, Map<String, String> rollbackData) {
    return delegate.rollback(request, rollbackData);
  }
}

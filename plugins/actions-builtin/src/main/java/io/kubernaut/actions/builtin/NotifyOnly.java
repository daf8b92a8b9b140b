package io.kubernaut.actions.builtin;

import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.ParameterSpec;
import io.kubernaut.spi.action.ParameterType;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.DisruptionClass;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * notify_only: the fallback that changes nothing; the workflow's notification carries the
 * message to humans. It always succeeds.
 */
public final class NotifyOnly extends BuiltinAction {

  /** Creates the action; ServiceLoader calls this. */
  public NotifyOnly() {
    super(describe("notify_only", "Changes nothing; the remediation only notifies humans.",
        RiskLevel.LOW, true, false, Set.of(), DisruptionClass.NONE, List.of(),
        ParameterSpec.optional("message", ParameterType.STRING, "What to tell the humans.")));
  }

  @Override
  ActionResult doExecute(ActionContext ctx) {
    String message = ctx.param("message").orElse("No automated action was taken for " + ctx.target().display() + ".");
    return ActionResult.succeeded("Notification only: " + message).withDetails(Map.of("message", message));
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    return ActionResult.succeeded("Dry run: notify_only changes nothing.");
  }

  @Override
  boolean doVerify(ActionContext ctx) {
    return true;
  }
}

package io.kubernaut.app;

import io.kubernaut.spi.action.AccessNeed;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionDescriptor;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.DisruptionClass;
import io.kubernaut.spi.action.RemediationAction;
import io.kubernaut.spi.action.PermanentActionException;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.SpiVersion;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * hold_workload: a test plugin action whose {@code execute} stays inside its attempt until the
 * test opens {@link ActionGate}, so that an end-to-end test can act while a workflow step is
 * running. It changes nothing. The test packs this class alone into a plugin jar; it refers to no
 * other test class but {@link ActionGate}, which its class loader takes from the test's.
 */
public final class HoldingAction implements RemediationAction {

  /** The longest an attempt is held, well under the step's deadline. */
  static final Duration MAX_HOLD = Duration.ofSeconds(30);

  private static final ActionDescriptor DESCRIPTOR = new ActionDescriptor(
      "hold_workload", "0.1.0", SpiVersion.CURRENT,
      "Holds a step of a Deployment's workflow until the test releases it; changes nothing.",
      List.of(), RiskLevel.LOW, false, false, Set.of("Deployment"))
      .withAccess(AccessNeed.onTarget("apps", "deployments", "get").forKind("Deployment"))
      .withDisruptionClass(DisruptionClass.WORKLOAD);

  /** Creates the action; ServiceLoader calls this. */
  public HoldingAction() {
    // stateless
  }

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public ActionResult execute(ActionContext ctx) {
    if (!ActionGate.passAfterOpened(MAX_HOLD)) {
      throw new PermanentActionException("The test did not release " + ctx.target().display() + " within " + MAX_HOLD + ".");
    }
    return ActionResult.succeeded("Held " + ctx.target().display() + " until the test released it.");
  }

  @Override
  public boolean verify(ActionContext ctx) {
    return ActionGate.opened();
  }
}

package io.kubernaut.app;

import io.kubernaut.spi.action.AccessNeed;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionDescriptor;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.DisruptionClass;
import io.kubernaut.spi.action.RemediationAction;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.SpiVersion;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * fix_gauge: a test plugin action that "fixes" a Deployment by doing what the test set in
 * {@link GaugeHook} (for instance setting the test's gauge to a good value, or nothing), and can
 * be rolled back, which {@link GaugeHook} records. The test packs this class alone into a plugin jar.
 */
public final class GaugeAction implements RemediationAction {

  private static final ActionDescriptor DESCRIPTOR = new ActionDescriptor(
      "fix_gauge", "0.1.0", SpiVersion.CURRENT,
      "Does to the test's gauge what the test asks; rollbackable.",
      List.of(), RiskLevel.LOW, false, true, Set.of("Deployment"))
      .withAccess(AccessNeed.onTarget("apps", "deployments", "get").forKind("Deployment"))
      .withDisruptionClass(DisruptionClass.WORKLOAD);

  /** Creates the action; ServiceLoader calls this. */
  public GaugeAction() {
    // stateless
  }

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public ActionResult execute(ActionContext ctx) {
    GaugeHook.execute(ctx.target().display());
    return ActionResult.succeeded("Fixed the gauge of " + ctx.target().display() + ".",
        Map.of("note", "undo-fix-gauge"));
  }

  @Override
  public boolean verify(ActionContext ctx) {
    return true;
  }

  @Override
  public ActionResult rollback(ActionContext ctx, Map<String, String> rollbackData) {
    GaugeHook.rollback(ctx.target().display(), rollbackData.getOrDefault("note", "no rollback data"));
    return ActionResult.succeeded("Undid the gauge fix on " + ctx.target().display() + ".");
  }
}

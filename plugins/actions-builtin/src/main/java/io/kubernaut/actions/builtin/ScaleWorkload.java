package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.ParameterSpec;
import io.kubernaut.spi.action.ParameterType;
import io.kubernaut.spi.action.PermanentActionException;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.ActionEffect;
import io.kubernaut.spi.action.DisruptionClass;
import java.util.Map;
import java.util.Set;

/** Sets the replicas of one workload kind; rollback restores the previous count. */
abstract class ScaleWorkload extends BuiltinAction {

  static final String PREVIOUS_REPLICAS = "previousReplicas";

  ScaleWorkload(String name, String kind) {
    super(describe(name, "Sets the number of replicas of a " + kind + ".", RiskLevel.MEDIUM, true, true,
        Set.of(kind), DisruptionClass.WORKLOAD, Access.onTarget(Workloads.GROUP, Workloads.resourceOf(kind), "get", "update"),
        ParameterSpec.required("replicas", ParameterType.INTEGER, "The desired number of replicas.")
            .withRange(0d, 1000d)).withEffects(ActionEffect.SETS_REPLICAS));
  }

  @Override
  ActionResult doExecute(ActionContext ctx) {
    return scale(ctx, replicas(ctx), false);
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    return scale(ctx, replicas(ctx), true);
  }

  @Override
  boolean doVerify(ActionContext ctx) {
    HasMetadata current = read(ctx, Workloads.resource(ctx));
    return current != null && Workloads.replicas(current) == replicas(ctx);
  }

  @Override
  Map<String, String> doPrepareRollback(ActionContext ctx) {
    return rollbackOf(require(read(ctx, Workloads.resource(ctx)), ctx));
  }

  @Override
  ActionResult doRollback(ActionContext ctx, Map<String, String> rollbackData) {
    String previous = rollbackData.get(PREVIOUS_REPLICAS);
    if (previous == null) {
      throw new PermanentActionException("Rollback data of " + ctx.target().display()
          + " lacks " + PREVIOUS_REPLICAS + "; restore the replicas by hand.");
    }
    // Only while the workload still has the replicas the step set: a count changed since (an autoscaler, a person) is
    // not this step's to undo.
    HasMetadata current = require(Workloads.resource(ctx).get(), ctx);
    if (Workloads.replicas(current) != replicas(ctx)) {
      return ActionResult.skipped("Nothing to roll back on " + ctx.target().display() + ": it has "
          + Workloads.replicas(current) + " replicas, not the " + replicas(ctx) + " this step set, so they were changed"
          + " since and are left as they are.");
    }
    ActionResult result = scale(ctx, Integer.parseInt(previous), false);
    return new ActionResult(result.status(), "Rolled back: " + result.message(), Map.of(), Map.of());
  }

  private ActionResult scale(ActionContext ctx, int replicas, boolean dryRun) {
    var resource = Workloads.resource(ctx);
    HasMetadata current = require(read(ctx, resource), ctx);
    int previous = Workloads.replicas(current);
    Map<String, String> rollback = rollbackOf(current);
    if (previous == replicas) {
      return ActionResult.succeeded(ctx.target().display() + " already has " + replicas + " replicas.", rollback)
          .withResultingTarget(current);
    }
    var written = patchOnVersion(ctx, current, w -> Workloads.withReplicas(w, replicas), dryRun);
    return ActionResult.succeeded((dryRun ? "Server-side dry run: " : "") + "Scaled "
        + ctx.target().display() + " from " + previous + " to " + replicas + " replicas.", rollback)
        .withResultingTarget(written);
  }

  private static Map<String, String> rollbackOf(HasMetadata current) {
    return Map.of(PREVIOUS_REPLICAS, Integer.toString(Workloads.replicas(current)));
  }

  private static int replicas(ActionContext ctx) {
    return Math.toIntExact(Long.parseLong(ctx.requiredParam("replicas")));
  }
}

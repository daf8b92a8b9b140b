package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.ParameterSpec;
import io.kubernaut.spi.action.ParameterType;
import io.kubernaut.spi.action.PermanentActionException;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.ActionEffect;
import io.kubernaut.spi.action.DisruptionClass;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** update_hpa: sets an autoscaling/v2 HorizontalPodAutoscaler's min and/or max replicas. */
public final class UpdateHpa extends BuiltinAction {

  static final String PREVIOUS_MIN = "previousMinReplicas";
  static final String PREVIOUS_MAX = "previousMaxReplicas";

  /** Creates the action; ServiceLoader calls this. */
  public UpdateHpa() {
    super(describe("update_hpa", "Sets the minimum and/or maximum replicas of a HorizontalPodAutoscaler.",
        RiskLevel.LOW, true, true, Set.of("HorizontalPodAutoscaler"), DisruptionClass.WORKLOAD,
        Access.onTarget("autoscaling", "horizontalpodautoscalers", "get", "update"),
        ParameterSpec.optional("minReplicas", ParameterType.INTEGER, "New minimum replicas.").withRange(1d, 1000d),
        ParameterSpec.optional("maxReplicas", ParameterType.INTEGER, "New maximum replicas.").withRange(1d, 1000d))
        .withEffects(ActionEffect.BOUNDS_REPLICAS));
  }

  @Override
  ActionResult doExecute(ActionContext ctx) {
    return update(ctx, min(ctx), max(ctx), false);
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    return update(ctx, min(ctx), max(ctx), true);
  }

  @Override
  boolean doVerify(ActionContext ctx) {
    HorizontalPodAutoscaler h = read(ctx, hpa(ctx));
    return h != null
        && min(ctx).map(m -> m.equals(h.getSpec().getMinReplicas())).orElse(true)
        && max(ctx).map(m -> m.equals(h.getSpec().getMaxReplicas())).orElse(true);
  }

  @Override
  Map<String, String> doPrepareRollback(ActionContext ctx) {
    return rollbackOf(require(read(ctx, hpa(ctx)), ctx));
  }

  @Override
  ActionResult doRollback(ActionContext ctx, Map<String, String> data) {
    // Only a bound this step set (its parameters name it), and only while it still holds the value the step set: one
    // the step left alone, or one changed since, is not this step's to restore.
    HorizontalPodAutoscaler h = require(hpa(ctx).get(), ctx);
    Optional<Integer> min = min(ctx).filter(set -> set.equals(h.getSpec().getMinReplicas()))
        .flatMap(set -> Optional.ofNullable(data.get(PREVIOUS_MIN)).filter(s -> !s.isEmpty()).map(Integer::valueOf));
    Optional<Integer> max = max(ctx).filter(set -> set.equals(h.getSpec().getMaxReplicas()))
        .flatMap(set -> Optional.ofNullable(data.get(PREVIOUS_MAX)).map(Integer::valueOf));
    if (min.isEmpty() && max.isEmpty()) {
      return ActionResult.skipped("Nothing to roll back on " + ctx.target().display() + ": the bounds this step set"
          + " were changed since (minReplicas=" + h.getSpec().getMinReplicas() + " maxReplicas="
          + h.getSpec().getMaxReplicas() + "); they are left as they are.");
    }
    ActionResult result = update(ctx, min, max, false);
    return new ActionResult(result.status(), "Rolled back: " + result.message(), Map.of(), Map.of());
  }

  private ActionResult update(ActionContext ctx, Optional<Integer> min, Optional<Integer> max, boolean dryRun) {
    if (min.isEmpty() && max.isEmpty()) {
      throw new PermanentActionException("update_hpa on " + ctx.target().display() + " needs minReplicas or maxReplicas.");
    }
    var resource = hpa(ctx);
    HorizontalPodAutoscaler h = require(read(ctx, resource), ctx);
    int newMin = min.orElse(h.getSpec().getMinReplicas() == null ? 1 : h.getSpec().getMinReplicas());
    int newMax = max.orElse(h.getSpec().getMaxReplicas());
    if (newMin > newMax) {
      throw new PermanentActionException("update_hpa would set minReplicas " + newMin + " above maxReplicas "
          + newMax + " on " + ctx.target().display() + ".");
    }
    Map<String, String> rollback = rollbackOf(h);
    var written = patchOnVersion(ctx, h, x -> {
      x.getSpec().setMinReplicas(newMin);
      x.getSpec().setMaxReplicas(newMax);
      return x;
    }, dryRun);
    return ActionResult.succeeded((dryRun ? "Server-side dry run: " : "") + "Set " + ctx.target().display()
        + " to minReplicas=" + newMin + " maxReplicas=" + newMax + ".", rollback).withResultingTarget(written);
  }

  private static Map<String, String> rollbackOf(HorizontalPodAutoscaler h) {
    return Map.of(PREVIOUS_MIN, h.getSpec().getMinReplicas() == null ? "" : h.getSpec().getMinReplicas().toString(),
        PREVIOUS_MAX, String.valueOf(h.getSpec().getMaxReplicas()));
  }

  private static Resource<HorizontalPodAutoscaler> hpa(ActionContext ctx) {
    return ctx.client().autoscaling().v2().horizontalPodAutoscalers()
        .inNamespace(ctx.target().namespace()).withName(ctx.target().name());
  }

  private static Optional<Integer> min(ActionContext ctx) {
    return ctx.param("minReplicas").map(Integer::valueOf);
  }

  private static Optional<Integer> max(ActionContext ctx) {
    return ctx.param("maxReplicas").map(Integer::valueOf);
  }
}

package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.ActionEffect;
import io.kubernaut.spi.action.DisruptionClass;
import java.util.Map;
import java.util.Set;

/**
 * restart_pod: deletes a pod gracefully so its controller recreates it. The pod is first marked
 * with the execution id, so {@link #verify} can tell the marked incarnation from its replacement.
 */
public final class RestartPod extends BuiltinAction {

  /** Creates the action; ServiceLoader calls this. */
  public RestartPod() {
    super(describe("restart_pod", "Deletes a pod gracefully so that its controller recreates it.",
        RiskLevel.MEDIUM, true, false, Set.of("Pod"), DisruptionClass.POD,
        Access.onTarget("", "pods", "get", "patch", "delete")).withEffects(ActionEffect.RESTARTS_PODS));
  }

  @Override
  ActionResult doExecute(ActionContext ctx) {
    PodResource pod = pod(ctx);
    Pod current = require(pod.get(), ctx);
    if (current.getMetadata().getDeletionTimestamp() != null) {
      return ActionResult.succeeded("Pod " + ctx.target().display() + " is already terminating.");
    }
    pod.edit(p -> Metadata.mark(p, markKey(), ctx.executionId()));
    pod.delete();
    return ActionResult.succeeded("Deleted pod " + ctx.target().display() + " so that its controller recreates it.");
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    require(read(ctx, pod(ctx)), ctx);
    pod(ctx).dryRun().delete();
    return ActionResult.succeeded("Server-side dry run: pod " + ctx.target().display() + " can be deleted.");
  }

  @Override
  boolean doVerify(ActionContext ctx) {
    Pod current = pod(ctx).get();
    return current == null || !isMarkedAndAlive(current, ctx);
  }

  /** The pod still carries this execution's mark and is not terminating: the delete has not happened. */
  private boolean isMarkedAndAlive(Pod pod, ActionContext ctx) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations != null
        && ctx.executionId().equals(annotations.get(markKey()))
        && pod.getMetadata().getDeletionTimestamp() == null;
  }

  static PodResource pod(ActionContext ctx) {
    return ctx.client().pods().inNamespace(ctx.target().namespace()).withName(ctx.target().name());
  }
}

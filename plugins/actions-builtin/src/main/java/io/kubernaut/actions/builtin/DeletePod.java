package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.ParameterSpec;
import io.kubernaut.spi.action.ParameterType;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.ActionEffect;
import io.kubernaut.spi.action.DisruptionClass;
import java.util.Set;

/**
 * delete_pod: force-deletes a pod stuck in Terminating (grace period 0), optionally clearing its
 * finalizers first. The pod is marked with the execution id so that a replacement of the same
 * name (StatefulSet) is not mistaken for the stuck pod. A pod that is not terminating is refused
 * (its dry run too): force-deleting a running pod skips its shutdown, and a StatefulSet's
 * replacement can start beside a container still running ({@code restart_pod} deletes it gently).
 */
public final class DeletePod extends BuiltinAction {

  /** Creates the action; ServiceLoader calls this. */
  public DeletePod() {
    super(describe("delete_pod", "Force-deletes a pod stuck in Terminating with grace period 0.",
        RiskLevel.HIGH, true, false, Set.of("Pod"), DisruptionClass.POD,
        Access.onTarget("", "pods", "get", "patch", "delete"),
        ParameterSpec.optional("removeFinalizers", ParameterType.BOOLEAN,
            "Also clear the pod's finalizers, which keep a force-deleted pod in Terminating."))
        .withEffects(ActionEffect.RESTARTS_PODS));
  }

  @Override
  ActionResult doExecute(ActionContext ctx) {
    PodResource pod = RestartPod.pod(ctx);
    Pod current = pod.get();
    if (current == null) {
      return ActionResult.succeeded("Pod " + ctx.target().display() + " is already gone.");
    }
    requireTerminating(current, ctx);
    boolean clearFinalizers = ctx.booleanParam("removeFinalizers", false);
    pod.edit(p -> {
      Metadata.mark(p, markKey(), ctx.executionId());
      if (clearFinalizers) {
        p.getMetadata().setFinalizers(null);
      }
      return p;
    });
    pod.withGracePeriod(0).delete();
    return ActionResult.succeeded("Force-deleted pod " + ctx.target().display() + " with grace period 0.");
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    requireTerminating(require(read(ctx, RestartPod.pod(ctx)), ctx), ctx);
    RestartPod.pod(ctx).dryRun().delete();
    return ActionResult.succeeded("Server-side dry run: pod " + ctx.target().display() + " can be deleted.");
  }

  /**
   * Refuses a pod that is not terminating, unless this execution marked it (an earlier attempt that failed between
   * its mark and its delete).
   */
  private void requireTerminating(Pod pod, ActionContext ctx) {
    if (pod.getMetadata().getDeletionTimestamp() == null
        && !ctx.executionId().equals(Metadata.annotation(pod, markKey()))) {
      throw new io.kubernaut.spi.action.PermanentActionException("Pod " + ctx.target().display() + " is not "
          + "terminating: delete_pod force-deletes only a pod stuck in Terminating; restart_pod deletes a running pod "
          + "with its grace period.");
    }
  }

  /**
   * Gone: deleted. Still marked by this execution: not yet. Unmarked: a replacement created under
   * the same name since the execution began, or the stuck pod an attempt never reached
   * ({@link RestartPod#recreatedSince}).
   */
  @Override
  boolean doVerify(ActionContext ctx) {
    Pod current = RestartPod.pod(ctx).get();
    if (current == null) {
      return true;
    }
    return !ctx.executionId().equals(Metadata.annotation(current, markKey())) && RestartPod.recreatedSince(current, ctx);
  }
}

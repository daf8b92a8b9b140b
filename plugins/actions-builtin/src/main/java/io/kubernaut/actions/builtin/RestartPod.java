package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.ActionEffect;
import io.kubernaut.spi.action.DisruptionClass;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
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

  /**
   * Gone, or terminating: the delete happened. Still carrying this execution's mark and not
   * terminating: it has not. Without the mark it is either a replacement its StatefulSet created
   * under the same name after the delete, or the pod an attempt never reached (its first read
   * failed): {@link #recreatedSince} tells them apart.
   */
  @Override
  boolean doVerify(ActionContext ctx) {
    Pod current = pod(ctx).get();
    if (current == null || current.getMetadata().getDeletionTimestamp() != null) {
      return true;
    }
    return !ctx.executionId().equals(Metadata.annotation(current, markKey())) && recreatedSince(current, ctx);
  }

  /**
   * Whether a pod without this execution's mark was created since the execution began (at or after
   * its start truncated to the second, as {@code creationTimestamp} is): a replacement under the
   * same name. One created before was never touched by an attempt. From a host before SPI 1.5,
   * which does not say when the execution began, any unmarked pod counts as a replacement, as
   * before.
   */
  static boolean recreatedSince(Pod pod, ActionContext ctx) {
    Optional<Instant> started = ctx.executionStartedAt();
    if (started.isEmpty()) {
      return true;
    }
    String created = pod.getMetadata().getCreationTimestamp();
    try {
      return created != null && !Instant.parse(created).isBefore(started.get().truncatedTo(ChronoUnit.SECONDS));
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  static PodResource pod(ActionContext ctx) {
    return ctx.client().pods().inNamespace(ctx.target().namespace()).withName(ctx.target().name());
  }
}

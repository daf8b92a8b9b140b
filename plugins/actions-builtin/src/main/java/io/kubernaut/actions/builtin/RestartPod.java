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
 * A pod that no controller recreates (no controller owner reference) or that its kubelet mirrors
 * (a static pod, which the API delete does not restart) is refused, in the dry run too: deleted, the
 * first is gone for good, and either would then verify as restarted.
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
    requireRecreated(current, ctx);
    pod.edit(p -> Metadata.mark(p, markKey(), ctx.executionId()));
    pod.delete();
    return ActionResult.succeeded("Deleted pod " + ctx.target().display() + " so that its controller recreates it.");
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    requireRecreated(require(read(ctx, pod(ctx)), ctx), ctx);
    pod(ctx).dryRun().delete();
    return ActionResult.succeeded("Server-side dry run: pod " + ctx.target().display() + " can be deleted.");
  }

  /** Refuses a pod that nothing recreates once deleted, or that a delete does not restart (a mirror pod). */
  static void requireRecreated(Pod pod, ActionContext ctx) {
    Optional<String> why = notRecreated(pod);
    if (why.isPresent()) {
      throw new io.kubernaut.spi.action.PermanentActionException("Pod " + ctx.target().display() + " " + why.get()
          + "; restart it by hand if it must be restarted. Do not retry.");
    }
  }

  /** Why deleting {@code pod} would not restart it (it would be gone for good, or come back untouched), if so. */
  static Optional<String> notRecreated(Pod pod) {
    if (Metadata.annotation(pod, "kubernetes.io/config.mirror") != null) {
      return Optional.of("is a static pod's mirror: deleting it through the API does not restart its containers");
    }
    boolean controlled = pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences()
        .stream().anyMatch(o -> Boolean.TRUE.equals(o.getController()));
    return controlled ? Optional.empty() : Optional.of("has no controller to recreate it: deleting it would remove it"
        + " for good");
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

package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.ActionEffect;
import io.kubernaut.spi.action.DisruptionClass;
import java.time.Instant;
import java.util.HashMap;
import java.util.Set;

/**
 * rollout_restart: what {@code kubectl rollout restart} does, patching the pod template
 * annotation {@code kubectl.kubernetes.io/restartedAt}. The template also records the
 * execution id, which is the postcondition {@link #verify} checks.
 */
public final class RolloutRestart extends BuiltinAction {

  static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
  private static final Set<String> KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");

  /** Creates the action; ServiceLoader calls this. */
  public RolloutRestart() {
    super(describe("rollout_restart",
        "Restarts every pod of a Deployment, StatefulSet or DaemonSet through a rolling update.",
        RiskLevel.MEDIUM, true, false, KINDS, DisruptionClass.WORKLOAD, Access.onWorkloads(KINDS, "get", "update"))
        .withEffects(ActionEffect.RESTARTS_PODS));
  }

  @Override
  ActionResult doExecute(ActionContext ctx) {
    return restart(ctx, false);
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    return restart(ctx, true);
  }

  private ActionResult restart(ActionContext ctx, boolean dryRun) {
    var resource = Workloads.resource(ctx);
    HasMetadata current = require(read(ctx, resource), ctx);
    if (!dryRun && ctx.executionId().equals(templateMark(current))) {
      return ActionResult.succeeded(ctx.target().display() + " was already restarted by this execution.")
          .withResultingTarget(current);
    }
    String now = Instant.now().toString();
    var written = patchOnVersion(ctx, current, Workloads.editTemplate(t -> {
      if (t.getMetadata() == null) {
        t.setMetadata(new ObjectMeta());
      }
      if (t.getMetadata().getAnnotations() == null) {
        t.getMetadata().setAnnotations(new HashMap<>());
      }
      t.getMetadata().getAnnotations().put(RESTARTED_AT, now);
      t.getMetadata().getAnnotations().put(markKey(), ctx.executionId());
    }), dryRun);
    return ActionResult.succeeded((dryRun ? "Server-side dry run: " : "")
        + "Restarted the pods of " + ctx.target().display() + " at " + now + ".").withResultingTarget(written);
  }

  @Override
  boolean doVerify(ActionContext ctx) {
    HasMetadata current = read(ctx, Workloads.resource(ctx));
    return current != null && ctx.executionId().equals(templateMark(current));
  }

  private String templateMark(HasMetadata workload) {
    ObjectMeta meta = Workloads.template(workload).getMetadata();
    return meta == null || meta.getAnnotations() == null ? null : meta.getAnnotations().get(markKey());
  }
}

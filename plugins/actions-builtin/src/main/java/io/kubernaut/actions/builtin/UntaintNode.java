package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionEffect;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.ParameterSpec;
import io.kubernaut.spi.action.ParameterType;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.DisruptionClass;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * untaint_node: removes the taints with a key (and, if given, an effect) from a node. Rollback
 * adds the removed taints back, which takes capacity away again (declared, so the rollback is held
 * to the disruption budget).
 */
public final class UntaintNode extends BuiltinAction {

  static final String REMOVED_TAINTS = "removedTaints";

  /** Creates the action; ServiceLoader calls this. */
  public UntaintNode() {
    super(describe("untaint_node", "Removes a taint from a node.", RiskLevel.MEDIUM, true, true, Set.of("Node"),
        DisruptionClass.NONE, Access.onTarget("", "nodes", "get", "patch", "update"),
        ParameterSpec.required("key", ParameterType.STRING, "Taint key.").withPattern("[A-Za-z0-9./_-]{1,253}"),
        ParameterSpec.optional("effect", ParameterType.STRING, "Only remove the taint with this effect.")
            .withPattern(Taints.EFFECT_PATTERN))
        .withEffects(ActionEffect.ROLLBACK_DISRUPTS_NODE));
  }

  @Override
  ActionResult doExecute(ActionContext ctx) {
    return untaint(ctx, false);
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    return untaint(ctx, true);
  }

  @Override
  boolean doVerify(ActionContext ctx) {
    Node node = read(ctx, NodeSchedulability.node(ctx));
    return node != null && matching(ctx, node).isEmpty();
  }

  @Override
  Map<String, String> doPrepareRollback(ActionContext ctx) {
    return Map.of(REMOVED_TAINTS, Taints.encode(matching(ctx, require(read(ctx, NodeSchedulability.node(ctx)), ctx))));
  }

  @Override
  ActionResult doRollback(ActionContext ctx, Map<String, String> data) {
    List<Taint> removed = Taints.decode(data.get(REMOVED_TAINTS));
    NodeSchedulability.node(ctx).edit(n -> {
      List<Taint> taints = Taints.of(n);
      for (Taint t : removed) {
        taints.removeIf(x -> Taints.matches(x, t.getKey(), t.getEffect()));
        taints.add(t);
      }
      return n;
    });
    return ActionResult.succeeded("Rolled back: restored taints [" + Taints.encode(removed) + "] on node "
        + ctx.target().name() + ".");
  }

  private ActionResult untaint(ActionContext ctx, boolean dryRun) {
    var resource = NodeSchedulability.node(ctx);
    Node node = require(read(ctx, resource), ctx);
    List<Taint> removed = matching(ctx, node);
    Map<String, String> rollback = Map.of(REMOVED_TAINTS, Taints.encode(removed));
    if (removed.isEmpty()) {
      return ActionResult.succeeded("Node " + ctx.target().name() + " has no taint " + ctx.requiredParam("key")
          + "; nothing to remove.", rollback).withResultingTarget(node);
    }
    String key = ctx.requiredParam("key");
    String effect = ctx.param("effect").orElse(null);
    var written = patchOnVersion(ctx, node, n -> {
      Taints.of(n).removeIf(t -> Taints.matches(t, key, effect));
      return n;
    }, dryRun);
    return ActionResult.succeeded((dryRun ? "Server-side dry run: " : "") + "Removed taints ["
        + Taints.encode(removed) + "] from node " + ctx.target().name() + ".", rollback).withResultingTarget(written);
  }

  private static List<Taint> matching(ActionContext ctx, Node node) {
    String key = ctx.requiredParam("key");
    String effect = ctx.param("effect").orElse(null);
    return Taints.of(node).stream().filter(t -> Taints.matches(t, key, effect)).toList();
  }
}

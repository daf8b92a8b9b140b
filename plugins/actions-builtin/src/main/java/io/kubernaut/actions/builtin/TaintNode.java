package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.ParameterSpec;
import io.kubernaut.spi.action.ParameterType;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.DisruptionClass;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * taint_node: adds (or updates the value of) a taint {@code key=value:effect} on a node.
 * Rollback restores the taints with that key and effect as they were.
 */
public final class TaintNode extends BuiltinAction {

  static final String PREVIOUS_TAINTS = "previousTaints";

  /** Creates the action; ServiceLoader calls this. */
  public TaintNode() {
    super(describe("taint_node", "Adds a taint to a node so that pods without a toleration avoid it.",
        RiskLevel.MEDIUM, true, true, Set.of("Node"), DisruptionClass.NODE, Access.onTarget("", "nodes", "get", "patch", "update"),
        ParameterSpec.required("key", ParameterType.STRING, "Taint key.").withPattern("[A-Za-z0-9./_-]{1,253}"),
        ParameterSpec.optional("value", ParameterType.STRING, "Taint value.").withPattern("[A-Za-z0-9._-]{0,63}"),
        ParameterSpec.required("effect", ParameterType.STRING, "NoSchedule, PreferNoSchedule or NoExecute.")
            .withPattern(Taints.EFFECT_PATTERN)));
  }

  @Override
  ActionResult doExecute(ActionContext ctx) {
    return taint(ctx, false);
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    return taint(ctx, true);
  }

  @Override
  boolean doVerify(ActionContext ctx) {
    Node node = read(ctx, NodeSchedulability.node(ctx));
    String key = ctx.requiredParam("key");
    String effect = ctx.requiredParam("effect");
    String value = ctx.param("value").orElse("");
    return node != null && Taints.of(node).stream().anyMatch(t -> Taints.matches(t, key, effect) && Taints.sameValue(t, value));
  }

  @Override
  Map<String, String> doPrepareRollback(ActionContext ctx) {
    return rollbackOf(ctx, require(read(ctx, NodeSchedulability.node(ctx)), ctx));
  }

  @Override
  ActionResult doRollback(ActionContext ctx, Map<String, String> data) {
    String key = ctx.requiredParam("key");
    String effect = ctx.requiredParam("effect");
    List<Taint> previous = Taints.decode(data.get(PREVIOUS_TAINTS));
    NodeSchedulability.node(ctx).edit(n -> {
      List<Taint> taints = Taints.of(n);
      taints.removeIf(t -> Taints.matches(t, key, effect));
      taints.addAll(previous);
      return n;
    });
    return ActionResult.succeeded("Rolled back: restored taints " + key + ":" + effect + " of node "
        + ctx.target().name() + " to [" + Taints.encode(previous) + "].");
  }

  /** The node's taints with the parameters' key and effect, which a rollback puts back. */
  private static List<Taint> previous(ActionContext ctx, Node node) {
    String key = ctx.requiredParam("key");
    String effect = ctx.requiredParam("effect");
    return Taints.of(node).stream().filter(t -> Taints.matches(t, key, effect)).toList();
  }

  private static Map<String, String> rollbackOf(ActionContext ctx, Node node) {
    return Map.of(PREVIOUS_TAINTS, Taints.encode(previous(ctx, node)));
  }

  private ActionResult taint(ActionContext ctx, boolean dryRun) {
    var resource = NodeSchedulability.node(ctx);
    Node node = require(read(ctx, resource), ctx);
    String key = ctx.requiredParam("key");
    String effect = ctx.requiredParam("effect");
    String value = ctx.param("value").orElse("");
    List<Taint> previous = previous(ctx, node);
    Map<String, String> rollback = rollbackOf(ctx, node);
    if (previous.size() == 1 && Taints.sameValue(previous.get(0), value)) {
      return ActionResult.succeeded("Node " + ctx.target().name() + " already has taint " + key + "=" + value
          + ":" + effect + ".", rollback).withResultingTarget(node);
    }
    var written = patchOnVersion(ctx, node, n -> {
      List<Taint> taints = Taints.of(n);
      taints.removeIf(t -> Taints.matches(t, key, effect));
      taints.add(Taints.taint(key, value, effect));
      return n;
    }, dryRun);
    return ActionResult.succeeded((dryRun ? "Server-side dry run: " : "") + "Tainted node " + ctx.target().name()
        + " with " + key + "=" + value + ":" + effect + ".", rollback).withResultingTarget(written);
  }
}

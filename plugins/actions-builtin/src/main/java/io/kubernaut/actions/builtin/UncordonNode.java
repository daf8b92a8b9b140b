package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.Node;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionEffect;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.DisruptionClass;
import java.util.Map;
import java.util.Set;

/**
 * uncordon_node: Marks a node schedulable again. Rollback restores the previous schedulability, which
 * takes the node's capacity away again (declared, so the rollback is held to the disruption budget).
 */
public final class UncordonNode extends BuiltinAction {

  /** Creates the action; ServiceLoader calls this. */
  public UncordonNode() {
    super(describe("uncordon_node", "Marks a node schedulable again.", RiskLevel.LOW, true, true, Set.of("Node"),
        DisruptionClass.NONE, Access.onTarget("", "nodes", "get", "update"))
        .withEffects(ActionEffect.ROLLBACK_DISRUPTS_NODE));
  }

  @Override
  ActionResult doExecute(ActionContext ctx) {
    return NodeSchedulability.set(ctx, false, false);
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    return NodeSchedulability.set(ctx, false, true);
  }

  @Override
  boolean doVerify(ActionContext ctx) {
    Node node = read(ctx, NodeSchedulability.node(ctx));
    return node != null && NodeSchedulability.isUnschedulable(node) == false;
  }

  @Override
  Map<String, String> doPrepareRollback(ActionContext ctx) {
    return NodeSchedulability.prepare(ctx);
  }

  @Override
  ActionResult doRollback(ActionContext ctx, Map<String, String> rollbackData) {
    return NodeSchedulability.restore(ctx, rollbackData);
  }
}

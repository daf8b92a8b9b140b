package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.Node;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.DisruptionClass;
import java.util.Map;
import java.util.Set;

/** cordon_node: Marks a node unschedulable so that no new pods land on it. Rollback restores the previous schedulability. */
public final class CordonNode extends BuiltinAction {

  /** Creates the action; ServiceLoader calls this. */
  public CordonNode() {
    super(describe("cordon_node", "Marks a node unschedulable so that no new pods land on it.", RiskLevel.MEDIUM, true, true, Set.of("Node"), DisruptionClass.NODE, Access.onTarget("", "nodes", "get", "update")));
  }

  @Override
  ActionResult doExecute(ActionContext ctx) {
    return NodeSchedulability.set(ctx, true, false);
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    return NodeSchedulability.set(ctx, true, true);
  }

  @Override
  boolean doVerify(ActionContext ctx) {
    Node node = read(ctx, NodeSchedulability.node(ctx));
    return node != null && NodeSchedulability.isUnschedulable(node) == true;
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

package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.PermanentActionException;
import java.util.Map;

/** Reads and sets {@code spec.unschedulable} of a node; shared by cordon, uncordon and drain. */
final class NodeSchedulability {

  static final String PREVIOUS_UNSCHEDULABLE = "previousUnschedulable";

  private NodeSchedulability() {}

  static Resource<Node> node(ActionContext ctx) {
    return ctx.client().nodes().withName(ctx.target().name());
  }

  static boolean isUnschedulable(Node node) {
    return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
  }

  /**
   * Sets the node's schedulability and returns a result with the previous state as rollback data.
   */
  static ActionResult set(ActionContext ctx, boolean unschedulable, boolean dryRun) {
    var resource = node(ctx);
    Node node = BuiltinAction.require(BuiltinAction.read(ctx, resource), ctx);
    boolean previous = isUnschedulable(node);
    Map<String, String> rollback = rollbackOf(node);
    String verb = unschedulable ? "Cordoned" : "Uncordoned";
    if (previous == unschedulable) {
      return ActionResult.succeeded("Node " + ctx.target().name() + " is already "
          + (unschedulable ? "cordoned." : "schedulable."), rollback).withResultingTarget(node);
    }
    var written = BuiltinAction.patchOnVersion(ctx, node, n -> {
      if (n.getSpec() == null) {
        n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
      }
      n.getSpec().setUnschedulable(unschedulable ? Boolean.TRUE : null);
      return n;
    }, dryRun);
    return ActionResult.succeeded((dryRun ? "Server-side dry run: " : "") + verb + " node "
        + ctx.target().name() + ".", rollback).withResultingTarget(written);
  }

  /** What undoes a change of the node's schedulability: the schedulability it has now. */
  static Map<String, String> rollbackOf(Node node) {
    return Map.of(PREVIOUS_UNSCHEDULABLE, Boolean.toString(isUnschedulable(node)));
  }

  /** The rollback data of the node as it is now, read for a rollback preparation. */
  static Map<String, String> prepare(ActionContext ctx) {
    return rollbackOf(BuiltinAction.require(BuiltinAction.read(ctx, node(ctx)), ctx));
  }

  /** Restores the schedulability recorded in rollback data. */
  static ActionResult restore(ActionContext ctx, Map<String, String> data) {
    String previous = data.get(PREVIOUS_UNSCHEDULABLE);
    if (previous == null) {
      throw new PermanentActionException("Rollback data for node " + ctx.target().name()
          + " lacks " + PREVIOUS_UNSCHEDULABLE + "; set its schedulability by hand.");
    }
    ActionResult result = set(ctx, Boolean.parseBoolean(previous), false);
    return new ActionResult(result.status(), "Rolled back: " + result.message(), Map.of(), Map.of());
  }
}

package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.ParameterSpec;
import io.kubernaut.spi.action.ParameterType;
import io.kubernaut.spi.action.RetryableActionException;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.AccessNeed;
import io.kubernaut.spi.action.DisruptionClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * drain_node: cordons a node, then evicts its pods through the Eviction API, which honours
 * PodDisruptionBudgets. DaemonSet pods, mirror (static) pods and pods already terminating are
 * left alone, as {@code kubectl drain --ignore-daemonsets} does. An eviction answered with 429
 * means a PDB blocks it: the action fails retryably, naming the pods, and a retry continues
 * where it stopped. A node that runs pods no controller recreates is not drained at all (its dry
 * run says so too), as {@code kubectl drain} refuses them without {@code --force}: evicted, they
 * would be gone for good. Rollback uncordons the node; evicted pods are rescheduled by their
 * controllers, not restored.
 */
public final class DrainNode extends BuiltinAction {

  /** Creates the action; ServiceLoader calls this. */
  public DrainNode() {
    super(describe("drain_node", "Cordons a node and evicts its pods through the Eviction API, honouring PDBs.",
        RiskLevel.HIGH, true, true, Set.of("Node"), DisruptionClass.NODE,
        Access.plus(Access.onTarget("", "nodes", "get", "update"), AccessNeed.inCluster("", "pods", "list"),
            AccessNeed.inCluster("", "pods", "create").withSubresource("eviction")),
        ParameterSpec.optional("gracePeriodSeconds", ParameterType.INTEGER,
            "Grace period for each evicted pod; the pod's own when absent.").withRange(0d, 3600d)));
  }

  @Override
  ActionResult doExecute(ActionContext ctx) {
    requireRecreated(evictablePods(ctx), ctx);
    ActionResult cordon = NodeSchedulability.set(ctx, true, false);
    List<Pod> pods = evictablePods(ctx);
    List<String> blocked = new ArrayList<>();
    int evicted = 0;
    for (Pod pod : pods) {
      if (ctx.remaining().isZero()) {
        throw new RetryableActionException("Deadline reached while draining node " + ctx.target().name()
            + " with " + (pods.size() - evicted) + " pods left; retry to continue.");
      }
      if (evict(ctx, pod)) {
        evicted++;
      } else {
        blocked.add(display(pod));
      }
    }
    if (!blocked.isEmpty()) {
      throw new RetryableActionException("A PodDisruptionBudget blocks eviction of " + blocked + " from node "
          + ctx.target().name() + " (HTTP 429); retry once the budget allows it.");
    }
    return ActionResult.succeeded("Drained node " + ctx.target().name() + ": cordoned and evicted "
        + evicted + " pods.", cordon.rollbackData());
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    requireRecreated(evictablePods(ctx), ctx);
    ActionResult cordon = NodeSchedulability.set(ctx, true, true);
    List<String> names = evictablePods(ctx).stream().map(DrainNode::display).toList();
    return ActionResult.succeeded(cordon.message() + " Would evict " + names.size() + " pods: " + names + ".",
        cordon.rollbackData());
  }

  @Override
  boolean doVerify(ActionContext ctx) {
    Node node = NodeSchedulability.node(ctx).get();
    return node != null && NodeSchedulability.isUnschedulable(node) && evictablePods(ctx).isEmpty();
  }

  @Override
  Map<String, String> doPrepareRollback(ActionContext ctx) {
    return NodeSchedulability.prepare(ctx);
  }

  @Override
  ActionResult doRollback(ActionContext ctx, Map<String, String> rollbackData) {
    ActionResult result = NodeSchedulability.restore(ctx, rollbackData);
    return new ActionResult(result.status(), result.message()
        + " Evicted pods are not restored; their controllers have rescheduled them.", Map.of(), Map.of());
  }

  /** Returns false when a PDB blocks the eviction (HTTP 429); a pod already gone counts as evicted. */
  private static boolean evict(ActionContext ctx, Pod pod) {
    var meta = pod.getMetadata();
    EvictionBuilder eviction = new EvictionBuilder()
        .withNewMetadata().withName(meta.getName()).withNamespace(meta.getNamespace()).endMetadata();
    ctx.param("gracePeriodSeconds").ifPresent(g ->
        eviction.withDeleteOptions(new DeleteOptionsBuilder().withGracePeriodSeconds(Long.parseLong(g)).build()));
    Eviction body = eviction.build();
    try {
      return ctx.client().pods().inNamespace(meta.getNamespace()).withName(meta.getName()).evict(body);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return true;
      }
      throw e;
    }
  }

  /**
   * The pods on the node that a drain must evict. Uses the {@code spec.nodeName} field selector,
   * as kubectl does, and filters again client-side.
   */
  private static List<Pod> evictablePods(ActionContext ctx) {
    String node = ctx.target().name();
    return ctx.client().pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems().stream()
        .filter(p -> p.getSpec() != null && node.equals(p.getSpec().getNodeName()))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> Metadata.annotation(p, "kubernetes.io/config.mirror") == null)
        .filter(p -> p.getMetadata().getOwnerReferences() == null
            || p.getMetadata().getOwnerReferences().stream().noneMatch(o -> "DaemonSet".equals(o.getKind())))
        .toList();
  }

  /** Refuses to drain a node whose evictable pods include one that no controller recreates. */
  private static void requireRecreated(List<Pod> pods, ActionContext ctx) {
    List<String> unmanaged = pods.stream().filter(p -> RestartPod.notRecreated(p).isPresent()).map(DrainNode::display)
        .toList();
    if (!unmanaged.isEmpty()) {
      throw new io.kubernaut.spi.action.PermanentActionException("Node " + ctx.target().name() + " runs pods that no "
          + "controller recreates, " + unmanaged + ": evicted, they would be gone for good, so the node is not drained"
          + " (kubectl drain refuses them without --force). Move or delete them by hand, then remediate again.");
    }
  }

  private static String display(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }
}

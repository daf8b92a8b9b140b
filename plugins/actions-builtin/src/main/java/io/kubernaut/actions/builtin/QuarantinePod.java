package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.PermanentActionException;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.AccessNeed;
import io.kubernaut.spi.action.DisruptionClass;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * quarantine_pod: takes a misbehaving pod out of traffic and out of its ReplicaSet while keeping
 * it for investigation. It removes the labels that its controlling ReplicaSet's selector and
 * any selecting Service match on, and adds {@code kubernaut.io/quarantined=true}. The ReplicaSet
 * then releases the pod and creates a replacement; Services stop routing to it. Rollback puts the
 * labels back.
 */
public final class QuarantinePod extends BuiltinAction {

  static final String QUARANTINED = "kubernaut.io/quarantined";
  static final String REMOVED_LABELS = "removedLabels";

  /** Creates the action; ServiceLoader calls this. */
  public QuarantinePod() {
    super(describe("quarantine_pod",
        "Relabels a pod so that its ReplicaSet and Services drop it, keeping it for investigation.",
        RiskLevel.MEDIUM, true, true, Set.of("Pod"), DisruptionClass.POD,
        Access.plus(Access.onTarget("", "pods", "get", "patch", "update"), AccessNeed.inNamespace("apps", "replicasets", "get"),
            AccessNeed.inNamespace("", "services", "list"))));
  }

  @Override
  ActionResult doExecute(ActionContext ctx) {
    return quarantine(ctx, false);
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    return quarantine(ctx, true);
  }

  @Override
  boolean doVerify(ActionContext ctx) {
    Pod pod = read(ctx, RestartPod.pod(ctx));
    return pod != null && pod.getMetadata().getLabels() != null
        && "true".equals(pod.getMetadata().getLabels().get(QUARANTINED));
  }

  /** The labels a quarantine would remove; nothing when the pod is quarantined already. */
  @Override
  Map<String, String> doPrepareRollback(ActionContext ctx) {
    Pod pod = require(read(ctx, RestartPod.pod(ctx)), ctx);
    if ("true".equals(Metadata.labels(pod).get(QUARANTINED))) {
      return Map.of();
    }
    return Map.of(REMOVED_LABELS, encode(removed(Metadata.labels(pod), selectorKeys(ctx, pod))));
  }

  @Override
  ActionResult doRollback(ActionContext ctx, Map<String, String> data) {
    if (data == null || !data.containsKey(REMOVED_LABELS)) {
      // The step recorded no labels it removed: it quarantined nothing (the pod was quarantined already, by someone or
      // something else), so there is nothing of its own to undo; taking that quarantine off would set the pod apart
      // unmarked.
      return ActionResult.skipped("Nothing to roll back: this step recorded no labels it removed from pod "
          + ctx.target().display() + " (it was quarantined already), so its quarantine is left as it is.");
    }
    Map<String, String> removed = decode(data.get(REMOVED_LABELS));
    require(read(ctx, RestartPod.pod(ctx)), ctx);
    RestartPod.pod(ctx).edit(p -> {
      Map<String, String> labels = Metadata.labels(p);
      labels.remove(QUARANTINED);
      labels.putAll(removed);
      return p;
    });
    return ActionResult.succeeded("Rolled back: restored labels " + removed + " on pod " + ctx.target().display()
        + "; its ReplicaSet may now scale one pod away.");
  }

  private ActionResult quarantine(ActionContext ctx, boolean dryRun) {
    var resource = RestartPod.pod(ctx);
    Pod pod = require(read(ctx, resource), ctx);
    Map<String, String> labels = Metadata.labels(pod);
    if ("true".equals(labels.get(QUARANTINED))) {
      return ActionResult.succeeded("Pod " + ctx.target().display() + " is already quarantined.")
          .withResultingTarget(pod);
    }
    Set<String> keys = selectorKeys(ctx, pod);
    if (keys.isEmpty()) {
      throw new PermanentActionException("No ReplicaSet or Service selects pod " + ctx.target().display()
          + " by label; there is nothing to quarantine it from.");
    }
    Map<String, String> removed = removed(labels, keys);
    var written = patchOnVersion(ctx, pod, p -> {
      Map<String, String> l = Metadata.labels(p);
      keys.forEach(l::remove);
      l.put(QUARANTINED, "true");
      return p;
    }, dryRun);
    return ActionResult.succeeded((dryRun ? "Server-side dry run: " : "") + "Quarantined pod "
        + ctx.target().display() + " by removing labels " + removed.keySet() + ".",
        Map.of(REMOVED_LABELS, encode(removed))).withResultingTarget(written);
  }

  private static Map<String, String> removed(Map<String, String> labels, Set<String> keys) {
    Map<String, String> removed = new LinkedHashMap<>();
    keys.forEach(k -> removed.put(k, labels.get(k)));
    return removed;
  }

  /** The label keys, present on the pod, that its controlling ReplicaSet or a Service selects on. */
  private static Set<String> selectorKeys(ActionContext ctx, Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    Set<String> keys = new TreeSet<>();
    String ns = ctx.target().namespace();
    if (pod.getMetadata().getOwnerReferences() != null) {
      for (OwnerReference owner : pod.getMetadata().getOwnerReferences()) {
        if ("ReplicaSet".equals(owner.getKind())) {
          ReplicaSet rs = ctx.client().apps().replicaSets().inNamespace(ns).withName(owner.getName()).get();
          if (rs != null && rs.getSpec().getSelector() != null && rs.getSpec().getSelector().getMatchLabels() != null) {
            keys.addAll(rs.getSpec().getSelector().getMatchLabels().keySet());
          }
        }
      }
    }
    for (Service svc : ctx.client().services().inNamespace(ns).list().getItems()) {
      Map<String, String> selector = svc.getSpec() == null ? null : svc.getSpec().getSelector();
      if (selector != null && !selector.isEmpty()
          && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
        keys.addAll(selector.keySet());
      }
    }
    keys.retainAll(labels.keySet());
    return keys;
  }

  private static String encode(Map<String, String> labels) {
    return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  private static Map<String, String> decode(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (text != null && !text.isBlank()) {
      Arrays.stream(text.split(",")).forEach(kv -> {
        int eq = kv.indexOf('=');
        labels.put(kv.substring(0, eq), kv.substring(eq + 1));
      });
    }
    return labels;
  }
}

package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.ParameterSpec;
import io.kubernaut.spi.action.ParameterType;
import io.kubernaut.spi.action.PermanentActionException;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.AccessNeed;
import io.kubernaut.spi.action.DisruptionClass;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * rollback_deployment: what {@code kubectl rollout undo} does. It finds the Deployment's
 * ReplicaSets (by owner reference), picks the requested revision or the newest one older than
 * the current {@code deployment.kubernetes.io/revision}, and copies its pod template (without
 * {@code pod-template-hash}) into the Deployment. The Deployment is marked with the execution id
 * and the chosen ReplicaSet's name in the same write; {@link #verify} checks the mark and that the
 * template matches that ReplicaSet's. By name, not by revision: Kubernetes gives the ReplicaSet it
 * takes back the next revision number (revision 1 becomes 3), so no ReplicaSet kept the revision
 * rolled to, the verification failed on a real cluster, and a retry rolled on to "the newest
 * revision older than the current one": the bad one. A run again of an execution that already
 * rolled the Deployment changes nothing.
 */
public final class RollbackDeployment extends BuiltinAction {

  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String HASH = "pod-template-hash";
  static final String PREVIOUS_REVISION = "previousRevision";
  static final String TARGET_REVISION = "targetRevision";

  /** Creates the action; ServiceLoader calls this. */
  public RollbackDeployment() {
    super(describe("rollback_deployment",
        "Rolls a Deployment back to its previous ReplicaSet revision, or to a given revision.",
        RiskLevel.MEDIUM, true, true, Set.of("Deployment"), DisruptionClass.WORKLOAD,
        Access.plus(Access.onTarget("apps", "deployments", "get", "update"),
            AccessNeed.inNamespace("apps", "replicasets", "list")),
        ParameterSpec.optional("revision", ParameterType.INTEGER,
            "The revision to return to; the previous one when absent.").withRange(1d, null)));
  }

  @Override
  ActionResult doExecute(ActionContext ctx) {
    Deployment d = require(read(ctx, deployment(ctx)), ctx);
    List<ReplicaSet> owned = replicaSets(ctx, d);
    if (rolledBack(ctx, d, owned)) {
      // This execution's earlier attempt did it (its answer was lost): rolling again would go one revision further.
      return ActionResult.succeeded(ctx.target().display() + " already runs the template this execution rolled it "
          + "back to (ReplicaSet " + Metadata.annotation(d, markKey() + "-replicaset") + "); nothing changed.",
          Map.of()).withResultingTarget(d);
    }
    return rollTo(ctx, d, owned, ctx.param("revision").map(Long::parseLong), false);
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    return rollTo(ctx, ctx.param("revision").map(Long::parseLong), true);
  }

  @Override
  boolean doVerify(ActionContext ctx) {
    Deployment d = read(ctx, deployment(ctx));
    if (d == null || !ctx.executionId().equals(Metadata.annotation(d, markKey()))) {
      return false;
    }
    return rolledBack(ctx, d, replicaSets(ctx, d));
  }

  /**
   * Whether the Deployment, marked by this execution, runs the template of the ReplicaSet it rolled to: named by the
   * mark (a mark written before the name was, by an earlier version: by its revision then).
   */
  private boolean rolledBack(ActionContext ctx, Deployment d, List<ReplicaSet> owned) {
    if (!ctx.executionId().equals(Metadata.annotation(d, markKey()))) {
      return false;
    }
    String name = Metadata.annotation(d, markKey() + "-replicaset");
    String revision = Metadata.annotation(d, markKey() + "-revision");
    return (name != null || revision != null) && owned.stream()
        .filter(rs -> name != null ? name.equals(rs.getMetadata().getName())
            : revision.equals(Metadata.annotation(rs, REVISION)))
        .anyMatch(rs -> withoutHash(rs.getSpec().getTemplate()).equals(withoutHash(d.getSpec().getTemplate())));
  }

  /** The revision the Deployment is at now; nothing when this execution rolled it already. */
  @Override
  Map<String, String> doPrepareRollback(ActionContext ctx) {
    Deployment d = require(read(ctx, deployment(ctx)), ctx);
    if (ctx.executionId().equals(Metadata.annotation(d, markKey()))) {
      return Map.of();
    }
    long current = revision(d.getMetadata().getAnnotations());
    return Map.of(PREVIOUS_REVISION, current > 0 ? Long.toString(current) : "");
  }

  @Override
  ActionResult doRollback(ActionContext ctx, Map<String, String> data) {
    String previous = data.get(PREVIOUS_REVISION);
    if (previous == null || previous.isEmpty()) {
      throw new PermanentActionException("Rollback data of " + ctx.target().display()
          + " lacks " + PREVIOUS_REVISION + "; undo it with kubectl rollout undo.");
    }
    ActionResult result = rollTo(ctx, Optional.of(Long.parseLong(previous)), false);
    return new ActionResult(result.status(), "Rolled back: " + result.message(), Map.of(), Map.of());
  }

  private ActionResult rollTo(ActionContext ctx, Optional<Long> wanted, boolean dryRun) {
    Deployment d = require(read(ctx, deployment(ctx)), ctx);
    return rollTo(ctx, d, replicaSets(ctx, d), wanted, dryRun);
  }

  private ActionResult rollTo(ActionContext ctx, Deployment d, List<ReplicaSet> owned, Optional<Long> wanted,
      boolean dryRun) {
    long current = revision(d.getMetadata().getAnnotations());
    ReplicaSet target = owned.stream()
        .filter(rs -> wanted.map(w -> revision(rs.getMetadata().getAnnotations()) == w)
            .orElse(revision(rs.getMetadata().getAnnotations()) < current))
        .max(Comparator.comparingLong(rs -> revision(rs.getMetadata().getAnnotations())))
        .orElseThrow(() -> new PermanentActionException(ctx.target().display() + " has no "
            + wanted.map(w -> "revision " + w).orElse("revision older than " + current)
            + " among its ReplicaSets; nothing to roll back to."));
    String targetRevision = Long.toString(revision(target.getMetadata().getAnnotations()));
    Map<String, String> rollback = Map.of(PREVIOUS_REVISION, current > 0 ? Long.toString(current) : "",
        TARGET_REVISION, targetRevision);
    PodTemplateSpec template = withoutHash(target.getSpec().getTemplate());
    var written = patchOnVersion(ctx, d, dep -> {
      dep.getSpec().setTemplate(template);
      Metadata.mark(dep, markKey(), ctx.executionId());
      Metadata.mark(dep, markKey() + "-replicaset", target.getMetadata().getName());
      return Metadata.mark(dep, markKey() + "-revision", targetRevision);
    }, dryRun);
    return ActionResult.succeeded((dryRun ? "Server-side dry run: " : "") + "Rolled " + ctx.target().display()
        + " back from revision " + current + " to revision " + targetRevision + ".", rollback)
        .withResultingTarget(written);
  }

  private static RollableScalableResource<Deployment> deployment(ActionContext ctx) {
    return ctx.client().apps().deployments().inNamespace(ctx.target().namespace()).withName(ctx.target().name());
  }

  /** The ReplicaSets controlled by the Deployment, found by owner reference (uid, else name). */
  private static List<ReplicaSet> replicaSets(ActionContext ctx, Deployment d) {
    var matchLabels = d.getSpec().getSelector() == null ? null : d.getSpec().getSelector().getMatchLabels();
    var list = ctx.client().apps().replicaSets().inNamespace(ctx.target().namespace());
    List<ReplicaSet> candidates = matchLabels == null || matchLabels.isEmpty()
        ? list.list().getItems() : list.withLabels(matchLabels).list().getItems();
    return candidates.stream()
        .filter(rs -> rs.getMetadata().getOwnerReferences() != null
            && rs.getMetadata().getOwnerReferences().stream().anyMatch(o -> "Deployment".equals(o.getKind())
                && (d.getMetadata().getUid() != null ? d.getMetadata().getUid().equals(o.getUid())
                    : d.getMetadata().getName().equals(o.getName()))))
        .toList();
  }

  private static long revision(Map<String, String> annotations) {
    String value = annotations == null ? null : annotations.get(REVISION);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A copy of a template without the ReplicaSet's {@code pod-template-hash} label. */
  private static PodTemplateSpec withoutHash(PodTemplateSpec template) {
    PodTemplateSpec copy = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(template).build();
    if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
      Map<String, String> labels = new HashMap<>(copy.getMetadata().getLabels());
      labels.remove(HASH);
      copy.getMetadata().setLabels(labels);
    }
    return copy;
  }
}

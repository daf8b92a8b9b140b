package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionEffect;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.ParameterSpec;
import io.kubernaut.spi.action.ParameterType;
import io.kubernaut.spi.action.PermanentActionException;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.AccessNeed;
import io.kubernaut.spi.action.DisruptionClass;
import java.util.Map;
import java.util.Set;

/**
 * expand_pvc: raises a PersistentVolumeClaim's requested storage. Volumes cannot shrink, so the
 * action declares no rollback; the previous size is still recorded for the audit trail.
 */
public final class ExpandPvc extends BuiltinAction {

  /** Creates the action; ServiceLoader calls this. */
  public ExpandPvc() {
    super(describe("expand_pvc", "Raises the storage request of a PersistentVolumeClaim.",
        RiskLevel.MEDIUM, true, false, Set.of("PersistentVolumeClaim"), DisruptionClass.NONE,
        Access.plus(Access.onTarget("", "persistentvolumeclaims", "get", "update"),
            AccessNeed.inCluster("storage.k8s.io", "storageclasses", "get")),
        ParameterSpec.required("size", ParameterType.QUANTITY, "The new size, e.g. 20Gi; must not be smaller."))
        .withEffects(ActionEffect.GROWS_STORAGE));
  }

  @Override
  ActionResult doExecute(ActionContext ctx) {
    return expand(ctx, false);
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    return expand(ctx, true);
  }

  @Override
  boolean doVerify(ActionContext ctx) {
    PersistentVolumeClaim pvc = read(ctx, pvc(ctx));
    Quantity current = pvc == null ? null : requested(pvc);
    return current != null && compare(current, new Quantity(ctx.requiredParam("size"))) >= 0;
  }

  private ActionResult expand(ActionContext ctx, boolean dryRun) {
    var resource = pvc(ctx);
    PersistentVolumeClaim pvc = require(read(ctx, resource), ctx);
    Quantity size = new Quantity(ctx.requiredParam("size"));
    Quantity current = requested(pvc);
    Map<String, String> record = Map.of("previousSize", current == null ? "" : current.toString());
    if (current != null && compare(size, current) < 0) {
      throw new PermanentActionException("expand_pvc cannot shrink " + ctx.target().display() + " from "
          + current + " to " + size + "; volumes only grow.");
    }
    if (current != null && compare(size, current) == 0) {
      return ActionResult.succeeded(ctx.target().display() + " already requests " + size + ".")
          .withDetails(record).withResultingTarget(pvc);
    }
    requireExpandable(ctx, pvc);
    var written = patchOnVersion(ctx, pvc, p -> {
      if (p.getSpec().getResources() == null) {
        p.getSpec().setResources(new io.fabric8.kubernetes.api.model.VolumeResourceRequirements());
      }
      if (p.getSpec().getResources().getRequests() == null) {
        p.getSpec().getResources().setRequests(new java.util.HashMap<>());
      }
      p.getSpec().getResources().getRequests().put("storage", size);
      return p;
    }, dryRun);
    return ActionResult.succeeded((dryRun ? "Server-side dry run: " : "") + "Expanded " + ctx.target().display()
        + " from " + current + " to " + size + ".").withDetails(record).withResultingTarget(written);
  }

  /** Fails permanently when the claim's StorageClass exists and does not allow expansion. */
  private static void requireExpandable(ActionContext ctx, PersistentVolumeClaim pvc) {
    String className = pvc.getSpec().getStorageClassName();
    if (className == null) {
      return;
    }
    StorageClass sc = ctx.client().storage().v1().storageClasses().withName(className).get();
    if (sc != null && !Boolean.TRUE.equals(sc.getAllowVolumeExpansion())) {
      throw new PermanentActionException("StorageClass " + className + " of " + ctx.target().display()
          + " does not allow volume expansion; expand it by hand or change the class.");
    }
  }

  private static Quantity requested(PersistentVolumeClaim pvc) {
    var resources = pvc.getSpec().getResources();
    return resources == null || resources.getRequests() == null ? null : resources.getRequests().get("storage");
  }

  private static int compare(Quantity a, Quantity b) {
    return Quantity.getAmountInBytes(a).compareTo(Quantity.getAmountInBytes(b));
  }

  private static Resource<PersistentVolumeClaim> pvc(ActionContext ctx) {
    return ctx.client().persistentVolumeClaims().inNamespace(ctx.target().namespace()).withName(ctx.target().name());
  }
}

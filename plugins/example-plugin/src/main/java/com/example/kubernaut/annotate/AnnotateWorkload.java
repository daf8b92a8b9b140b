package com.example.kubernaut.annotate;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.kubernaut.spi.action.AccessNeed;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionDescriptor;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.DisruptionClass;
import io.kubernaut.spi.action.ParameterSpec;
import io.kubernaut.spi.action.ParameterType;
import io.kubernaut.spi.action.PermanentActionException;
import io.kubernaut.spi.action.RemediationAction;
import io.kubernaut.spi.action.RetryableActionException;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.SpiVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * annotate_workload: sets one annotation on a Deployment, StatefulSet or DaemonSet. An example of
 * a third-party action: it depends on nothing but the action SPI and fabric8's client API.
 *
 * <p>Like every built-in, it describes itself: it reads and patches the target workload (and
 * nothing else), which the operator's access review checks before each step, and it is of
 * disruption class NONE, because an annotation on the workload's own metadata restarts no pod.
 */
public final class AnnotateWorkload implements RemediationAction {

  private static final String PREVIOUS = "previousValue";
  private static final String HAD = "hadAnnotation";

  private static final ActionDescriptor DESCRIPTOR = new ActionDescriptor(
      "annotate_workload", "0.1.0", SpiVersion.CURRENT,
      "Sets an annotation on a Deployment, StatefulSet or DaemonSet.",
      List.of(
          ParameterSpec.required("key", ParameterType.STRING, "Annotation key.").withPattern("[A-Za-z0-9./_-]{1,253}"),
          ParameterSpec.required("value", ParameterType.STRING, "Annotation value.")),
      RiskLevel.LOW, true, true, Set.of("Deployment", "StatefulSet", "DaemonSet"))
      .withAccess(
          AccessNeed.onTarget("apps", "deployments", "get").forKind("Deployment"),
          AccessNeed.onTarget("apps", "deployments", "patch").forKind("Deployment"),
          AccessNeed.onTarget("apps", "statefulsets", "get").forKind("StatefulSet"),
          AccessNeed.onTarget("apps", "statefulsets", "patch").forKind("StatefulSet"),
          AccessNeed.onTarget("apps", "daemonsets", "get").forKind("DaemonSet"),
          AccessNeed.onTarget("apps", "daemonsets", "patch").forKind("DaemonSet"))
      .withDisruptionClass(DisruptionClass.NONE);

  /** Creates the action; ServiceLoader calls this. */
  public AnnotateWorkload() {
    // stateless
  }

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public ActionResult execute(ActionContext ctx) {
    return annotate(ctx, false);
  }

  @Override
  public ActionResult dryRun(ActionContext ctx) {
    return annotate(ctx, true);
  }

  /**
   * Whether the annotation has the value. Right after an execution the host hands over the object
   * that execution reported as its write's answer (SPI 1.4), so this need not read it again; after a
   * restart it reads the target itself.
   */
  @Override
  public boolean verify(ActionContext ctx) {
    HasMetadata current = ctx.observedTarget().orElseGet(() -> guard(() -> resource(ctx).get()));
    return current != null && current.getMetadata().getAnnotations() != null
        && ctx.requiredParam("value").equals(current.getMetadata().getAnnotations().get(ctx.requiredParam("key")));
  }

  /**
   * What {@link #rollback} needs, read before anything changes (SPI 1.3): whether the annotation was
   * there, and its value. The host records it with the start of the execution, so a change whose
   * result the operator never wrote (it died in between) can still be undone. The target the host
   * read just before is used when it hands one over; otherwise this reads it.
   */
  @Override
  public Map<String, String> prepareRollback(ActionContext ctx) {
    HasMetadata current = ctx.observedTarget().orElseGet(() -> guard(() -> resource(ctx).get()));
    if (current == null) {
      throw new PermanentActionException(ctx.target().display() + " does not exist.");
    }
    return rollbackOf(current, ctx.requiredParam("key"));
  }

  @Override
  public ActionResult rollback(ActionContext ctx, Map<String, String> data) {
    String key = ctx.requiredParam("key");
    boolean had = Boolean.parseBoolean(data.get(HAD));
    guard(() -> resource(ctx).edit(edit(a -> {
      if (had) {
        a.put(key, data.getOrDefault(PREVIOUS, ""));
      } else {
        a.remove(key);
      }
    })));
    return ActionResult.succeeded("Restored annotation " + key + " on " + ctx.target().display() + ".");
  }

  private ActionResult annotate(ActionContext ctx, boolean dryRun) {
    String key = ctx.requiredParam("key");
    String value = ctx.requiredParam("value");
    Resource<HasMetadata> resource = resource(ctx);
    HasMetadata current = guard(resource::get);
    if (current == null) {
      throw new PermanentActionException(ctx.target().display() + " does not exist.");
    }
    Map<String, String> rollback = rollbackOf(current, key);
    HasMetadata written = guard(() -> (dryRun ? resource.dryRun() : resource).edit(edit(a -> a.put(key, value))));
    return ActionResult.succeeded((dryRun ? "Dry run: " : "") + "Annotated " + ctx.target().display()
        + " with " + key + "=" + value + ".", rollback).withResultingTarget(written);
  }

  private static Map<String, String> rollbackOf(HasMetadata current, String key) {
    Map<String, String> annotations = current.getMetadata().getAnnotations();
    boolean had = annotations != null && annotations.containsKey(key);
    Map<String, String> rollback = new HashMap<>();
    rollback.put(HAD, Boolean.toString(had));
    if (had) {
      rollback.put(PREVIOUS, annotations.get(key));
    }
    return rollback;
  }

  private static UnaryOperator<HasMetadata> edit(java.util.function.Consumer<Map<String, String>> change) {
    return o -> {
      if (o.getMetadata().getAnnotations() == null) {
        o.getMetadata().setAnnotations(new HashMap<>());
      }
      change.accept(o.getMetadata().getAnnotations());
      return o;
    };
  }

  @SuppressWarnings("unchecked")
  private static Resource<HasMetadata> resource(ActionContext ctx) {
    var apps = ctx.client().apps();
    String ns = ctx.target().namespace();
    String name = ctx.target().name();
    Object r = switch (ctx.target().kind()) {
      case "Deployment" -> apps.deployments().inNamespace(ns).withName(name);
      case "StatefulSet" -> apps.statefulSets().inNamespace(ns).withName(name);
      case "DaemonSet" -> apps.daemonSets().inNamespace(ns).withName(name);
      default -> throw new PermanentActionException("annotate_workload does not accept a " + ctx.target().kind() + ".");
    };
    return (Resource<HasMetadata>) r;
  }

  private static <T> T guard(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409 || e.getCode() == 429 || e.getCode() >= 500 || e.getCode() <= 0) {
        throw new RetryableActionException("The API server answered " + e.getCode() + "; retry later.", e);
      }
      throw new PermanentActionException("The API server rejected the call with " + e.getCode() + ".", e);
    }
  }
}

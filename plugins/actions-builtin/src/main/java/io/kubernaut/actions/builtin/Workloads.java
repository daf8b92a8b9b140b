package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.PermanentActionException;
import java.util.function.UnaryOperator;

/** Uniform access to the pod template of Deployments, StatefulSets and DaemonSets. */
final class Workloads {

  /** The API group of every workload kind here. */
  static final String GROUP = "apps";

  private Workloads() {}

  /** The API resource of a workload kind, e.g. {@code deployments} for {@code Deployment}. */
  static String resourceOf(String kind) {
    return switch (kind) {
      case "Deployment" -> "deployments";
      case "StatefulSet" -> "statefulsets";
      case "DaemonSet" -> "daemonsets";
      default -> throw new IllegalArgumentException(kind + " is not a workload kind.");
    };
  }

  /** The target workload as a fabric8 resource. */
  @SuppressWarnings("unchecked")
  static Resource<HasMetadata> resource(ActionContext ctx) {
    String ns = ctx.target().namespace();
    String name = ctx.target().name();
    var apps = ctx.client().apps();
    Object resource =
        switch (ctx.target().kind()) {
          case "Deployment" -> apps.deployments().inNamespace(ns).withName(name);
          case "StatefulSet" -> apps.statefulSets().inNamespace(ns).withName(name);
          case "DaemonSet" -> apps.daemonSets().inNamespace(ns).withName(name);
          default -> throw new PermanentActionException(
              ctx.target().kind() + " is not a workload kind; use Deployment, StatefulSet or DaemonSet.");
        };
    return (Resource<HasMetadata>) resource;
  }

  /** The pod template of a workload object. */
  static PodTemplateSpec template(HasMetadata workload) {
    if (workload instanceof Deployment d) {
      return d.getSpec().getTemplate();
    }
    if (workload instanceof StatefulSet s) {
      return s.getSpec().getTemplate();
    }
    if (workload instanceof DaemonSet ds) {
      return ds.getSpec().getTemplate();
    }
    throw new PermanentActionException(workload.getKind() + " has no pod template.");
  }

  /** Applies a change to the pod template of a workload object in place and returns the object. */
  static UnaryOperator<HasMetadata> editTemplate(java.util.function.Consumer<PodTemplateSpec> change) {
    return w -> {
      change.accept(template(w));
      return w;
    };
  }

  /** The desired replicas of a Deployment or StatefulSet (1 when unset, as the API defaults it). */
  static int replicas(HasMetadata workload) {
    Integer value = null;
    if (workload instanceof Deployment d) {
      value = d.getSpec().getReplicas();
    } else if (workload instanceof StatefulSet s) {
      value = s.getSpec().getReplicas();
    } else {
      throw new PermanentActionException(workload.getKind() + " has no replicas to scale.");
    }
    return value == null ? 1 : value;
  }

  /** Sets the desired replicas of a Deployment or StatefulSet in place. */
  static HasMetadata withReplicas(HasMetadata workload, int replicas) {
    if (workload instanceof Deployment d) {
      d.getSpec().setReplicas(replicas);
    } else if (workload instanceof StatefulSet s) {
      s.getSpec().setReplicas(replicas);
    }
    return workload;
  }
}

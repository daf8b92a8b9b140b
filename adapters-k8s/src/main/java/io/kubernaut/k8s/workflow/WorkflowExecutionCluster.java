package io.kubernaut.k8s.workflow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernaut.k8s.safety.TargetReader;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the workflow controller reads from the cluster: targets and their health, access reviews
 * (optionally as the action's own ServiceAccount). What the safety envelope counts comes from the
 * {@link io.kubernaut.k8s.safety.DisruptionLedger}.
 */
final class WorkflowExecutionCluster {

  private final KubernetesClient client;
  private final String impersonationNamespace;
  private final Map<String, KubernetesClient> impersonating = new ConcurrentHashMap<>();
  /**
   * Permissions granted in a whole namespace (or cluster-wide), per subject, for {@link #GRANT_TTL}:
   * one review per action, verb and namespace then serves every target there. Only grants are
   * remembered; a revoked permission is seen within the TTL, and meanwhile the action's own call
   * is refused by the API server (403, a permanent failure).
   */
  private final Cache<Grant, Boolean> grants = Caffeine.newBuilder().maximumSize(10_000)
      .expireAfterWrite(GRANT_TTL).build();

  /** How long a namespace-wide grant is remembered. */
  static final Duration GRANT_TTL = Duration.ofSeconds(30);

  /** A permission reviewed without an object name: who (null: the operator itself) may do it in the whole namespace. */
  private record Grant(String subject, String group, String resource, String subresource, String verb, String namespace) {
    static Grant of(String subject, WorkflowExecutionPermissions.Need need) {
      return new Grant(subject, need.group(), need.resource(), need.subresource(), need.verb(), need.namespace());
    }
  }

  /**
   * @param impersonationNamespace the namespace of the per-action ServiceAccounts when least
   *     privilege is on; null to check the operator's own permissions
   */
  WorkflowExecutionCluster(KubernetesClient client, String impersonationNamespace) {
    this.client = client;
    this.impersonationNamespace = impersonationNamespace;
  }

  /** The ServiceAccount an action runs as in least-privilege mode: {@code kubernaut-action-<name>}. */
  static String actionServiceAccount(String action) {
    return "kubernaut-action-" + action.replace('_', '-');
  }

  /** The target, or empty when it does not exist or its kind is not one this controller can read. */
  Optional<HasMetadata> target(TargetRef t) {
    return TargetReader.read(client, t);
  }

  static Integer replicas(HasMetadata target) {
    if (target instanceof Deployment d && d.getSpec() != null) {
      return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }
    if (target instanceof StatefulSet s && s.getSpec() != null) {
      return s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
    }
    if (target instanceof io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler h
        && h.getStatus() != null && h.getStatus().getCurrentReplicas() != null) {
      return h.getStatus().getCurrentReplicas(); // what a new floor or ceiling moves the workload from
    }
    return null;
  }

  /**
   * What the resource bounds compare against: the memory and CPU limits of the container named by
   * parameter {@code container} (else the first) of a Deployment or StatefulSet, or a claim's
   * storage request. Only what is set is returned.
   */
  static Map<String, String> observed(HasMetadata target, Map<String, String> parameters) {
    Map<String, String> seen = new java.util.HashMap<>();
    io.fabric8.kubernetes.api.model.PodTemplateSpec template = target instanceof Deployment d && d.getSpec() != null
        ? d.getSpec().getTemplate() : target instanceof StatefulSet s && s.getSpec() != null ? s.getSpec().getTemplate() : null;
    if (template != null && template.getSpec() != null && template.getSpec().getContainers() != null) {
      String name = parameters.get("container");
      template.getSpec().getContainers().stream().filter(c -> name == null || name.equals(c.getName())).findFirst()
          .filter(c -> c.getResources() != null && c.getResources().getLimits() != null)
          .ifPresent(c -> {
            var limits = c.getResources().getLimits();
            if (limits.get("memory") != null) {
              seen.put("memoryLimit", limits.get("memory").toString());
            }
            if (limits.get("cpu") != null) {
              seen.put("cpuLimit", limits.get("cpu").toString());
            }
          });
    }
    if (target instanceof io.fabric8.kubernetes.api.model.PersistentVolumeClaim pvc && pvc.getSpec() != null
        && pvc.getSpec().getResources() != null && pvc.getSpec().getResources().getRequests() != null
        && pvc.getSpec().getResources().getRequests().get("storage") != null) {
      seen.put("storage", pvc.getSpec().getResources().getRequests().get("storage").toString());
    }
    return seen;
  }

  /**
   * Whether the target checks healthy: a workload's controller has seen its latest spec and every
   * pod it counts is available (ready), at least the desired replicas; a pod runs with every
   * container ready; a node is Ready. Null when the kind has no health check here.
   *
   * <p>One read of the target answers it: a crash-looping pod is never ready, so it shows in the
   * workload's status as a pod counted but not available, with no LIST of the pods. A rollout
   * still under way (pods counted but not yet available) is not healthy yet either.
   */
  Boolean healthy(TargetRef t) {
    Optional<HasMetadata> found = target(t);
    if (found.isEmpty()) {
      return TargetReader.knownKind(t.kind()) ? Boolean.FALSE : null;
    }
    HasMetadata r = found.get();
    if (r instanceof Deployment d) {
      var s = d.getStatus();
      return s != null && allAvailable(d, s.getObservedGeneration(), s.getReplicas(), s.getAvailableReplicas());
    }
    if (r instanceof StatefulSet s) {
      var st = s.getStatus();
      return st != null && allAvailable(s, st.getObservedGeneration(), st.getReplicas(), st.getReadyReplicas());
    }
    if (r instanceof Pod p) {
      return p.getStatus() != null && "Running".equals(p.getStatus().getPhase()) && p.getStatus().getContainerStatuses() != null
          && p.getStatus().getContainerStatuses().stream().allMatch(c -> Boolean.TRUE.equals(c.getReady()));
    }
    if (r instanceof io.fabric8.kubernetes.api.model.Node n) {
      return n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
          .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
    return null;
  }

  /** The workload's controller saw its latest generation, and its available pods are all it counts and at least the desired. */
  private static boolean allAvailable(HasMetadata workload, Long observedGeneration, Integer counted, Integer available) {
    Long generation = workload.getMetadata().getGeneration();
    if (generation != null && observedGeneration != null && observedGeneration < generation) {
      return false;
    }
    int ok = available == null ? 0 : available;
    Integer desired = replicas(workload);
    return ok >= (desired == null ? 1 : desired) && (counted == null || counted <= ok);
  }

  /**
   * One SelfSubjectAccessReview per permission the action declares for the target's kind, as the
   * action's own ServiceAccount in least-privilege mode. Returns null when all are allowed, else
   * the sentence why the first denied one is not.
   */
  String permissionProblem(ActionInfo action, TargetRef t) {
    for (WorkflowExecutionPermissions.Need need : WorkflowExecutionPermissions.needs(action, t)) {
      String problem = permissionProblem(action.name(), need, t);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /**
   * Reviews one need: first for the whole namespace (remembered when granted, so it usually costs no
   * request), and only when that is not granted for the named object, since RBAC may grant a verb
   * on some names only. A namespace-wide grant covers every name in it.
   */
  private String permissionProblem(String action, WorkflowExecutionPermissions.Need need, TargetRef t) {
    String subject = impersonationNamespace == null ? null : actionServiceAccount(action);
    KubernetesClient reviewer = impersonationNamespace == null ? client : impersonating.computeIfAbsent(action,
        a -> new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
            .withImpersonateUsername("system:serviceaccount:" + impersonationNamespace + ":" + actionServiceAccount(a))
            .build()).build());
    Grant grant = Grant.of(subject, need);
    if (grants.getIfPresent(grant) != null) {
      return null;
    }
    SelfSubjectAccessReview review = review(reviewer, need, null);
    if (allowed(review)) {
      grants.put(grant, Boolean.TRUE);
      return null;
    }
    if (need.name() != null) {
      review = review(reviewer, need, need.name());
      if (allowed(review)) {
        return null;
      }
    }
    String who = impersonationNamespace == null ? "the operator" : "ServiceAccount " + impersonationNamespace + "/"
        + actionServiceAccount(action);
    String why = review == null || review.getStatus() == null ? "the API server gave no answer"
        : review.getStatus().getReason() == null ? "not allowed" : review.getStatus().getReason();
    return who + " may not " + need.display() + " for " + t.display() + " (" + why
        + "); grant it in the chart's RBAC.";
  }

  private static SelfSubjectAccessReview review(KubernetesClient reviewer, WorkflowExecutionPermissions.Need need,
      String name) {
    return reviewer.authorization().v1().selfSubjectAccessReview().create(
        new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
            .withNamespace(need.namespace())
            .withGroup(need.group()).withResource(need.resource()).withSubresource(need.subresource())
            .withVerb(need.verb()).withName(name)
            .endResourceAttributes().endSpec().build());
  }

  private static boolean allowed(SelfSubjectAccessReview review) {
    return review != null && review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
  }
}

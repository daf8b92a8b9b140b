package io.kubernaut.spi.action;

import java.util.Objects;

/**
 * One Kubernetes API permission an action needs: a verb on a resource (and optional
 * subresource) of an API group, e.g. {@code create pods/eviction} or {@code patch apps/deployments}.
 * The operator asks the API server for each need of a step in a SelfSubjectAccessReview before it
 * runs the step (as the action's own ServiceAccount in least-privilege mode), and the catalog
 * lists them so that RBAC can be granted per action.
 *
 * <p>Build needs with the factories and refine them with the {@code with…} methods:
 * <pre>{@code
 * AccessNeed.onTarget("", "nodes", "patch");
 * AccessNeed.inCluster("", "pods", "create").withSubresource("eviction");
 * AccessNeed.onTarget("apps", "deployments", "patch").forKind("Deployment");
 * AccessNeed.onTargetResource("patch");   // the target's own resource, whatever its kind
 * }</pre>
 *
 * @param forKind the target kind this need applies to, e.g. {@code Deployment}; empty when it
 *     applies to every target the action accepts
 * @param group the API group, empty for the core group; ignored when {@code resource} is empty
 * @param resource the resource (plural, lower case), e.g. {@code pods}; empty means the target's
 *     own resource, which the host derives from the target's kind
 * @param subresource the subresource, e.g. {@code eviction} or {@code log}; empty for none
 * @param verb the verb, e.g. {@code get}, {@code list}, {@code patch}, {@code delete}, {@code create}
 * @param scope which objects the verb is needed on
 */
public record AccessNeed(String forKind, String group, String resource, String subresource, String verb, Scope scope) {

  /** Which objects of the resource the verb is needed on. */
  public enum Scope {
    /** The target object itself: its namespace and name. */
    TARGET,
    /** Any object in the target's namespace (any namespace when the target is cluster-scoped). */
    NAMESPACE,
    /** Any object in any namespace, or cluster-scoped objects such as StorageClasses. */
    CLUSTER
  }

  /** Checks the verb and scope; null strings become empty. */
  public AccessNeed {
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(scope, "scope");
    if (verb.isBlank()) {
      throw new IllegalArgumentException("An access need must name a verb, e.g. patch.");
    }
    forKind = forKind == null ? "" : forKind;
    resource = resource == null ? "" : resource;
    group = group == null || resource.isEmpty() ? "" : group;
    subresource = subresource == null ? "" : subresource;
  }

  /**
   * A verb on the target object itself.
   *
   * @param group the API group, empty for the core group
   * @param resource the resource, e.g. {@code pods}
   * @param verb the verb, e.g. {@code delete}
   * @return the need, for every target kind
   */
  public static AccessNeed onTarget(String group, String resource, String verb) {
    return new AccessNeed("", group, resource, "", verb, Scope.TARGET);
  }

  /**
   * A verb on the target object's own resource, whatever its kind: {@code patch} on a Deployment
   * target means {@code patch apps/deployments}. The host derives the resource from the kind.
   *
   * @param verb the verb, e.g. {@code patch}
   * @return the need, for every target kind
   */
  public static AccessNeed onTargetResource(String verb) {
    return new AccessNeed("", "", "", "", verb, Scope.TARGET);
  }

  /**
   * A verb on any object of a resource in the target's namespace, e.g. {@code list services}.
   *
   * @param group the API group, empty for the core group
   * @param resource the resource, e.g. {@code services}
   * @param verb the verb, e.g. {@code list}
   * @return the need, for every target kind
   */
  public static AccessNeed inNamespace(String group, String resource, String verb) {
    return new AccessNeed("", group, resource, "", verb, Scope.NAMESPACE);
  }

  /**
   * A verb on objects of a resource in any namespace, or on a cluster-scoped resource.
   *
   * @param group the API group, empty for the core group
   * @param resource the resource, e.g. {@code storageclasses}
   * @param verb the verb, e.g. {@code get}
   * @return the need, for every target kind
   */
  public static AccessNeed inCluster(String group, String resource, String verb) {
    return new AccessNeed("", group, resource, "", verb, Scope.CLUSTER);
  }

  /**
   * This need on a subresource.
   *
   * @param name the subresource, e.g. {@code eviction}, {@code log}, {@code scale}
   * @return a copy with the subresource set
   */
  public AccessNeed withSubresource(String name) {
    return new AccessNeed(forKind, group, resource, name, verb, scope);
  }

  /**
   * This need only when the target is of one kind.
   *
   * @param kind the target kind, e.g. {@code Pod}; must be one the action accepts
   * @return a copy that applies to that kind only
   */
  public AccessNeed forKind(String kind) {
    return new AccessNeed(kind, group, resource, subresource, verb, scope);
  }

  /**
   * Whether this need is on the target's own resource, derived from its kind.
   *
   * @return true when {@link #resource()} is empty
   */
  public boolean isTargetResource() {
    return resource.isEmpty();
  }

  /**
   * Whether this need applies to a target of the given kind.
   *
   * @param targetKind the kind of the step's target, e.g. {@code Pod}
   * @return true when the need is for every kind or {@link #forKind() for this one}
   */
  public boolean appliesTo(String targetKind) {
    return forKind.isEmpty() || forKind.equals(targetKind);
  }
}

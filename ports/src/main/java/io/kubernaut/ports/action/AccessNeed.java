package io.kubernaut.ports.action;

import java.util.Objects;

/**
 * One Kubernetes API permission an action needs, as it declares it: a verb on a resource (and
 * optional subresource) of an API group. The Validating phase asks the API server for each need
 * that applies to a step's target in an access review.
 *
 * @param forKind the target kind this need applies to; empty when it applies to every kind
 * @param group the API group, empty for the core group (and when {@code resource} is empty)
 * @param resource the resource, e.g. {@code pods}; empty means the target's own resource, derived from its kind
 * @param subresource the subresource, e.g. {@code eviction}; empty for none
 * @param verb the verb, e.g. {@code patch}
 * @param scope which objects the verb is needed on
 */
public record AccessNeed(String forKind, String group, String resource, String subresource, String verb, Scope scope) {

  /** Which objects of the resource the verb is needed on. */
  public enum Scope {
    /** The target object itself: its namespace and name. */
    TARGET,
    /** Any object in the target's namespace (any namespace when the target is cluster-scoped). */
    NAMESPACE,
    /** Any object in any namespace, or cluster-scoped objects. */
    CLUSTER
  }

  public AccessNeed {
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(scope, "scope");
    forKind = forKind == null ? "" : forKind;
    resource = resource == null ? "" : resource;
    group = group == null || resource.isEmpty() ? "" : group;
    subresource = subresource == null ? "" : subresource;
  }

  /** {@code patch} on the target's own resource: what an action that declares no access is assumed to need. */
  public static AccessNeed patchOnTargetResource() {
    return new AccessNeed("", "", "", "", "patch", Scope.TARGET);
  }

  /** Whether this need is on the target's own resource, derived from its kind. */
  public boolean isTargetResource() {
    return resource.isEmpty();
  }

  /** Whether this need applies to a target of the given kind. */
  public boolean appliesTo(String targetKind) {
    return forKind.isEmpty() || forKind.equals(targetKind);
  }

  /**
   * The need as a phrase, e.g. {@code create pods/eviction cluster-wide},
   * {@code patch apps/deployments on the target}, {@code patch the target's resource}.
   */
  public String display() {
    String what = isTargetResource() ? "the target's resource"
        : (group.isEmpty() ? "" : group + "/") + resource + (subresource.isEmpty() ? "" : "/" + subresource);
    String where = switch (scope) {
      case TARGET -> isTargetResource() ? "" : " on the target";
      case NAMESPACE -> " in the target's namespace";
      case CLUSTER -> " cluster-wide";
    };
    return verb + " " + what + where + (forKind.isEmpty() ? "" : " (" + forKind + " targets)");
  }
}

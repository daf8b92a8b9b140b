package io.kubernaut.ports.access;

/**
 * A permission on a virtual resource of API group {@value #API_GROUP}: no such objects exist, but
 * RBAC Roles and ClusterRoles name them like any resource, and a SubjectAccessReview checks them.
 * Every {@code /api/**} route needs exactly one.
 */
public enum Permission {
  /** Post alerts and Kubernetes events to the gateway. */
  SIGNALS_CREATE("create", "signals", ""),
  /** Approve or reject a remediation that awaits approval. */
  APPROVAL_UPDATE("update", "remediations", "approval"),
  /** Read one remediation (its timeline). */
  REMEDIATIONS_GET("get", "remediations", ""),
  /** Read across remediations: effectiveness and pattern statistics. */
  REMEDIATIONS_LIST("list", "remediations", ""),
  /** Read the audit trail. */
  AUDIT_GET("get", "audit", ""),
  /** Write events into the audit trail. */
  AUDIT_CREATE("create", "audit", ""),
  /** Send notifications through the configured channels. */
  NOTIFICATIONS_CREATE("create", "notifications", ""),
  /** Read a target's cluster context and the action catalog, and assess one proposed action against the gates. */
  CONTEXT_GET("get", "context", ""),
  /**
   * Ask the investigator chain (investigate, recovery, post-execution follow-ups): it may call an
   * external LLM with the alert's context, which costs money and sends data out, so reading is not enough.
   */
  INVESTIGATIONS_CREATE("create", "investigations", "");

  /** The API group of the virtual resources. */
  public static final String API_GROUP = "kubernaut.io";

  private final String verb;
  private final String resource;
  private final String subresource;

  Permission(String verb, String resource, String subresource) {
    this.verb = verb;
    this.resource = resource;
    this.subresource = subresource;
  }

  public String verb() {
    return verb;
  }

  public String resource() {
    return resource;
  }

  /** The subresource, or empty. */
  public String subresource() {
    return subresource;
  }

  /** As RBAC writes it: {@code remediations/approval}. */
  public String qualifiedResource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  /** As a sentence fragment: {@code update remediations/approval.kubernaut.io}. */
  @Override
  public String toString() {
    return verb + " " + qualifiedResource() + "." + API_GROUP;
  }
}

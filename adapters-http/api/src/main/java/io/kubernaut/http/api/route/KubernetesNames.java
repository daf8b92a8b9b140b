package io.kubernaut.http.api.route;

import java.util.regex.Pattern;

/** What the API takes as a Kubernetes kind, namespace and object name. */
public final class KubernetesNames {

  /** A Kubernetes object name (DNS subdomain). */
  public static final Pattern OBJECT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  /** A namespace (DNS label). */
  public static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  /** A Kubernetes kind, e.g. {@code Deployment}. */
  public static final Pattern KIND = Pattern.compile("[A-Z][A-Za-z0-9]{0,62}");

  private KubernetesNames() {}
}

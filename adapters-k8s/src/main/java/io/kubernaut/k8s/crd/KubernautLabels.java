package io.kubernaut.k8s.crd;


/** Label and annotation keys on every Kubernaut resource, and the sanitiser for label values. */
public final class KubernautLabels {
  public static final String GROUP = "kubernaut.io";
  /** The CRD category of every kind, so {@code kubectl get kubernaut} lists them all. */
  public static final String CATEGORY = "kubernaut";
  public static final String FINGERPRINT = GROUP + "/fingerprint";
  public static final String ALERTNAME = GROUP + "/alertname";
  public static final String ENVIRONMENT = GROUP + "/environment";
  public static final String SEVERITY = GROUP + "/severity";
  public static final String REMEDIATION = GROUP + "/remediation";
  /** The shard that reconciles a remediation and its children ({@code KUBERNAUT_SHARD}). */
  public static final String SHARD = GROUP + "/shard";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  private KubernautLabels() {}

  /**
   * A valid label value: at most 63 characters of alphanumerics and {@code -_.}, starting and
   * ending alphanumeric. The exact value always lives in spec as well.
   */
  public static String sanitize(String value) {
    if (value == null) {
      return "";
    }
    String s = value.replaceAll("[^A-Za-z0-9._-]+", "-");
    if (s.length() > 63) {
      s = s.substring(0, 63);
    }
    s = s.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    return s;
  }
}

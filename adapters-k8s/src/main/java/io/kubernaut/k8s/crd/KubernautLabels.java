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
  /**
   * The AlertRemediation controller's finalizer (JOSDK's default name for the kind): it deletes the
   * children first, since not every API server collects garbage. The gateway creates each
   * AlertRemediation with it, so the controller need not add it in a write of its own.
   */
  public static final String REMEDIATION_FINALIZER = "alertremediations." + GROUP + "/finalizer";
  /** Set to {@code true} on an AlertRemediation to cancel it (kubectl kubernaut cancel, or by hand). */
  public static final String CANCEL = GROUP + "/cancel";
  /**
   * The decision on a remediation that awaits approval, on the AlertRemediation: {@code approved}
   * or {@code rejected}. Written by the approval store (API, {@code kubectl kubernaut}) or by hand,
   * read by the AlertRemediation controller, and guarded by the chart's admission policy.
   */
  public static final String APPROVAL = GROUP + "/approval";
  /** Who decided; the admission policy requires it to name the requesting user. */
  public static final String APPROVAL_BY = APPROVAL + "-by";
  /** Why, in the decider's words, when a reason was given. */
  public static final String APPROVAL_REASON = APPROVAL + "-reason";
  /** Set to {@code api} by the operator alone, for a decision given through the approval API. */
  public static final String APPROVAL_VIA = APPROVAL + "-via";
  /**
   * The decision on rolling back after a failed verification, on the AlertRemediation:
   * {@code approved} (roll back) or {@code rejected} (keep the change). Written by the approval
   * store (API, {@code kubectl kubernaut}) or by hand, read by the WorkflowExecution controller, and
   * guarded by the chart's admission policy.
   */
  public static final String ROLLBACK_APPROVAL = GROUP + "/rollback-approval";
  /** Who decided that rollback; the admission policy requires it to name the requesting user. */
  public static final String ROLLBACK_APPROVAL_BY = ROLLBACK_APPROVAL + "-by";
  /** Why, in the decider's words, when a reason was given. */
  public static final String ROLLBACK_APPROVAL_REASON = ROLLBACK_APPROVAL + "-reason";
  /** Set to {@code api} by the operator alone, for a rollback decision given through the approval API. */
  public static final String ROLLBACK_APPROVAL_VIA = ROLLBACK_APPROVAL + "-via";

  private KubernautLabels() {}

  /**
   * A valid label value: at most 63 characters of alphanumerics and {@code -_.}, starting and
   * ending alphanumeric. The exact value always lives in spec as well.
   */
  public static String sanitize(String value) {
    if (value == null) {
      return "";
    }
    // Runs of other characters become one dash; the first 63 characters kept; the ends trimmed to an
    // alphanumeric. A loop, not regular expressions: every new alert's labels pass here.
    StringBuilder s = new StringBuilder(Math.min(value.length(), MAX_LABEL_VALUE));
    boolean inRun = false;
    boolean replaced = false;
    for (int i = 0; i < value.length() && s.length() < MAX_LABEL_VALUE; i++) {
      char c = value.charAt(i);
      boolean kept = alphanumeric(c) || c == '.' || c == '_' || c == '-';
      if (kept || !inRun) {
        s.append(kept ? c : '-');
      }
      inRun = !kept;
      replaced |= !kept;
    }
    int start = 0;
    int end = s.length();
    while (start < end && !alphanumeric(s.charAt(start))) {
      start++;
    }
    while (end > start && !alphanumeric(s.charAt(end - 1))) {
      end--;
    }
    return !replaced && start == 0 && end == value.length() ? value : s.substring(start, end);
  }

  private static final int MAX_LABEL_VALUE = 63;

  private static boolean alphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

}

package io.kubernaut.k8s;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.ports.failure.AlreadyExistsException;
import io.kubernaut.ports.failure.ConflictException;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.failure.RetryableException;
import java.net.HttpURLConnection;

/** Translates fabric8 exceptions into the retryable and permanent families of the ports. */
final class KubernetesFailures {

  private KubernetesFailures() {}

  /** The port-level exception for a failed call that {@code action} describes, e.g. "create AlertRemediation x". */
  static RuntimeException translate(String action, KubernetesClientException e) {
    int code = e.getCode();
    if (code == HttpURLConnection.HTTP_CONFLICT && "AlreadyExists".equals(reason(e))) {
      return new AlreadyExistsException(action);
    }
    if (code == HttpURLConnection.HTTP_CONFLICT) {
      return new ConflictException("The Kubernetes API server refused to " + action + " because the object changed "
          + "after it was read (HTTP 409): " + e.getMessage(), e);
    }
    // 0 and -1: no HTTP answer at all (connection refused, reset or timed out).
    if (code <= 0 || code == 429 || code >= 500) {
      return new RetryableException("The Kubernetes API server could not " + action + " (HTTP " + code + "): "
          + e.getMessage(), e);
    }
    return new PermanentException("The Kubernetes API server refused to " + action + " (HTTP " + code + "): "
        + e.getMessage(), e);
  }

  /**
   * Like {@link #translate}, for a create of {@code what}: on a create every 409 means the name is
   * taken. (The CRUD mock answers it with reason Invalid where a real API server says AlreadyExists.)
   */
  static RuntimeException translateCreate(String what, KubernetesClientException e) {
    if (isConflict(e)) {
      return new AlreadyExistsException(what);
    }
    return translate("create " + what, e);
  }

  static boolean isConflict(KubernetesClientException e) {
    return e.getCode() == HttpURLConnection.HTTP_CONFLICT;
  }

  static boolean isNotFound(KubernetesClientException e) {
    return e.getCode() == HttpURLConnection.HTTP_NOT_FOUND;
  }

  private static String reason(KubernetesClientException e) {
    return e.getStatus() == null ? "AlreadyExists" : String.valueOf(e.getStatus().getReason());
  }
}

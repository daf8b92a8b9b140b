package io.kubernaut.k8s.runtime;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.function.IntFunction;

/**
 * A read-decide-write guarded by the resourceVersion read, tried again while the API server answers
 * 409 because the object changed in between: each attempt must read afresh (it gets its number,
 * from 1) and decide on what it finds.
 */
public final class ConflictRetry {

  private ConflictRetry() {}

  /** The first attempt's answer that is no 409; the last attempt's 409 (or any other failure) is thrown. */
  public static <T> T attempts(int attempts, IntFunction<T> attempt) {
    for (int n = 1; ; n++) {
      try {
        return attempt.apply(n);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || n >= attempts) {
          throw e;
        }
      }
    }
  }
}

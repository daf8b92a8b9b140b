package io.kubernaut.http.api.console;

import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.ports.failure.RetryableException;
import java.util.function.Supplier;

/** Calls the remediation board, translating "the store is unreachable" into a 503 problem. */
final class BoardCalls {

  private BoardCalls() {}

  static <T> T ask(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (RetryableException e) {
      throw HttpProblem.unavailable("Could not " + what + " because the Kubernetes API server is unavailable; "
          + "retry in a few seconds.", 5);
    }
  }
}

package io.kubernaut.http.api.audit;

import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.ports.failure.RetryableException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks the audit store, answering 503 with {@code Retry-After} while it cannot be reached. */
final class StoreCalls {

  private static final Logger LOG = LoggerFactory.getLogger(StoreCalls.class);
  static final int RETRY_AFTER_SECONDS = 5;

  private StoreCalls() {}

  static <T> T ask(String what, Supplier<T> query) {
    try {
      return query.get();
    } catch (RetryableException e) {
      LOG.warn("Answering 503 because the audit store could not {}: {}", what, e.getMessage());
      throw HttpProblem.unavailable("The audit database cannot " + what + " right now (" + e.getMessage()
          + "); retry after a few seconds.", RETRY_AFTER_SECONDS);
    }
  }
}

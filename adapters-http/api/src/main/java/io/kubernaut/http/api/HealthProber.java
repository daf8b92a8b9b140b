package io.kubernaut.http.api;

import io.kubernaut.ports.out.HealthIndicator;
import io.kubernaut.ports.out.HealthIndicator.Health;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks one {@link HealthIndicator} on a background thread and waits a bounded time, so a slow
 * check (a database connect that times out after seconds) cannot make the kubelet's readiness
 * probe time out. At most one check per component runs at a time: a probe that finds one running
 * waits for that one; a check still running at the deadline is reported down.
 */
final class HealthProber {

  private final HealthIndicator indicator;
  private final Duration deadline;
  private final Executor executor;
  private CompletableFuture<Health> current;
  private volatile Health last;

  HealthProber(HealthIndicator indicator, Duration deadline, Executor executor) {
    this.indicator = indicator;
    this.deadline = deadline;
    this.executor = executor;
    this.last = Health.down("The " + indicator.component() + " component has not been checked yet.");
  }

  HealthIndicator indicator() {
    return indicator;
  }

  /** A fresh answer, or "down" when the component does not answer within the deadline. */
  Health probe() {
    try {
      return check().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Health.down("The " + indicator.component() + " component did not answer its check within "
          + deadline.toMillis() + " ms.");
    } catch (ExecutionException e) {
      return Health.down("The " + indicator.component() + " check failed: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down("The " + indicator.component() + " check was interrupted.");
    }
  }

  /** The last completed answer, without waiting; starts a check when none is running (for metrics). */
  Health latest() {
    check();
    return last;
  }

  private synchronized CompletableFuture<Health> check() {
    if (current == null || current.isDone()) {
      current = CompletableFuture.supplyAsync(indicator::health, executor).whenComplete((h, e) -> {
        if (h != null) {
          last = h;
        } else {
          last = Health.down("The " + indicator.component() + " check failed: " + e.getMessage());
        }
      });
    }
    return current;
  }
}

package io.kubernaut.k8s.runtime;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the controllers' start until the CustomResourceDefinitions installed are this operator's
 * ({@link InstalledCrdInspector}): on older ones the API server would drop the fields it writes
 * (every remediation would fail) or refuse its phases. Until they are, the replica is not ready and
 * takes no Lease, so that a rolling upgrade leaves the previous replica working; it reads them again
 * every {@code recheck}.
 */
final class CrdGatekeeper {

  private static final Logger LOG = LoggerFactory.getLogger(CrdGatekeeper.class);
  /** The differences /readyz names at most (the log names them all). */
  private static final int SHOWN = 5;

  private final InstalledCrdInspector inspector;
  private final Duration recheck;
  /** Whether the controllers may start: the CRDs matched (or could not be read: 403). */
  private volatile boolean passed;
  /** How the installed CRDs differ from this operator's, while they do. */
  private volatile List<String> differences = List.of();
  /** Why the installed CRDs could not be read just now (the API server did not answer), while that lasts. */
  private volatile String unread;
  private boolean stopped;

  CrdGatekeeper(InstalledCrdInspector inspector, Duration recheck) {
    if (recheck.isNegative() || recheck.isZero()) {
      throw new IllegalArgumentException("The CRDs' recheck interval must be positive, not " + recheck + ".");
    }
    this.inspector = inspector;
    this.recheck = recheck;
  }

  /** Returns once the installed CRDs are this operator's (or cannot be read: 403); throws once {@link #stop}ped. */
  void await() {
    List<String> told = List.of();
    List<String> cautioned = List.of();
    String unchecked = null;
    while (true) {
      synchronized (this) {
        if (stopped) {
          throw new IllegalStateException("The operator stopped before its controllers had started.");
        }
      }
      try {
        InstalledCrdInspector.Inspection found = inspector.inspect();
        unread = null;
        differences = found.differences();
        if (found.unchecked() != null && !found.unchecked().equals(unchecked)) {
          LOG.warn("{} The controllers start {}.", found.unchecked(),
              found.matches() ? "without that check" : "once the differences found are gone");
        }
        unchecked = found.unchecked();
        if (!found.cautions().isEmpty() && !found.cautions().equals(cautioned)) {
          LOG.warn("The installed CustomResourceDefinitions add constraints this operator's have not (a newer"
              + " release's, or an older one's); writes they refuse fail the remediations that make them: {}",
              String.join(" ", found.cautions()));
        }
        cautioned = found.cautions();
        if (found.matches()) {
          if (!told.isEmpty()) {
            LOG.info("The installed CustomResourceDefinitions are this operator's now; the controllers start");
          }
          passed = true;
          return;
        }
        if (!found.differences().equals(told)) {
          LOG.warn("{}", sentence(found.differences().size()));
          told = found.differences();
        }
      } catch (KubernetesClientException e) {
        unread = e.getMessage();
        LOG.warn("Could not read the installed CustomResourceDefinitions ({}); trying again in {}", e.getMessage(),
            every(recheck));
      }
      synchronized (this) {
        if (!stopped) {
          try {
            wait(recheck.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the installed CRDs to match.", e);
          }
        }
      }
    }
  }

  /** Ends a wait under way at once: the operator stops. */
  synchronized void stop() {
    stopped = true;
    notifyAll();
  }

  /** Why the controllers have not started, until the CRDs have passed; empty from then on. */
  Optional<String> holding() {
    if (passed) {
      return Optional.empty();
    }
    if (!differences.isEmpty()) {
      return Optional.of(sentence(SHOWN));
    }
    if (unread != null) {
      return Optional.of("The operator could not read the installed CustomResourceDefinitions (" + unread
          + "); its controllers start once it has and they are its own.");
    }
    return Optional.of("The operator is reading the installed CustomResourceDefinitions; its controllers start once"
        + " they are its own.");
  }

  /** What differs (the first {@code shown} of it) and what to do. */
  private String sentence(int shown) {
    List<String> found = differences;
    int told = Math.min(found.size(), shown);
    return "The CustomResourceDefinitions installed are not this operator's, so its controllers have not started and"
        + " this replica takes no alerts: " + String.join(" ", found.subList(0, told))
        + (found.size() > told ? " And " + (found.size() - told) + " more (in the log)." : "")
        + " Apply this release's CRDs (kubectl apply --server-side --force-conflicts -f crds/ from its chart; helm"
        + " upgrade does not); the operator reads them again every " + every(recheck) + " and starts once they match.";
  }

  private static String every(Duration interval) {
    return interval.toMillis() % 1000 == 0 ? interval.toSeconds() + " s" : interval.toMillis() + " ms";
  }
}

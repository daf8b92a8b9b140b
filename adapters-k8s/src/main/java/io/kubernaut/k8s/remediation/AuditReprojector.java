package io.kubernaut.k8s.remediation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.RemediationRef;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.runtime.OperatorRuntime;
import io.kubernaut.k8s.runtime.SharedItemStore;
import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.failure.Backoff;
import io.kubernaut.ports.out.AuditTrail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the audit trail a projection of the custom resources: each time the trail says it is
 * writable (at start, once the database is reached, and after every gap), it lists every
 * AlertRemediation still present with its children (KubernetesExecutions included) and records what their status holds
 * ({@link RemediationAudit#projection}) under the live path's idempotency keys. The store keeps
 * the first copy of each key, so events a crash or an outage lost are written and nothing is
 * written twice; it asks the trail which of a page's events it already holds and records only the
 * others, so a restart over remediations whose events are all stored writes nothing. Requests that
 * arrive while a pass runs are folded into one more pass; an API server that cannot be listed, and
 * any other failure of a pass (logged as an error), are retried with backoff. It lists in pages,
 * keeps the children of the versions the informers hold as their instances (no second copy of every
 * child while it works) and the remediations one page at a time.
 */
public final class AuditReprojector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AuditReprojector.class);
  /** Events queued ahead of the writer beyond which a pass waits, so it never fills the trail's queue. */
  static final int MAX_BACKLOG = 1_000;
  private static final Duration PACE = Duration.ofMillis(50);

  private final KubernetesClient client;
  private final String namespace;
  private final AuditTrail trail;
  private final Backoff backoff;
  private final AtomicBoolean requested = new AtomicBoolean();
  private final AtomicInteger passes = new AtomicInteger();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "kubernaut-audit-reprojector");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;

  public AuditReprojector(KubernetesClient client, String namespace, AuditTrail trail) {
    this(client, namespace, trail, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)));
  }

  AuditReprojector(KubernetesClient client, String namespace, AuditTrail trail, Backoff backoff) {
    this.client = client;
    this.namespace = namespace;
    this.trail = trail;
    this.backoff = backoff;
  }

  /** Asks the trail to be told when it is writable; each time, a pass runs on this re-projector's thread. */
  public void start() {
    trail.whenWritable(this::request);
  }

  /** Asks for a pass; one already asked for and not yet begun covers this one too. */
  void request() {
    if (closed || !requested.compareAndSet(false, true)) {
      return;
    }
    try {
      worker.execute(this::runRequested);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("The audit re-projector is stopped; no pass runs");
    }
  }

  private void runRequested() {
    requested.set(false);
    for (int failures = 0; !closed; ) {
      try {
        Pass pass = reproject();
        passes.incrementAndGet();
        LOG.info("Re-projected the audit trail from status: {} remediations, {} events recorded, {} already stored",
            pass.remediations(), pass.events(), pass.stored());
        return;
      } catch (KubernetesClientException e) {
        long pause = backoff.after(++failures).toMillis();
        LOG.warn("Could not list the remediations to re-project the audit trail ({}); retrying in {} ms",
            e.getMessage(), pause);
        if (!sleep(pause)) {
          return;
        }
      } catch (RuntimeException e) {
        // Anything else (a fault of this code or of the trail) must not end the pass unseen: what the
        // trail lost would stay lost until its next gap.
        long pause = backoff.after(++failures).toMillis();
        LOG.error("The audit re-projection failed; retrying in {} ms", pause, e);
        if (!sleep(pause)) {
          return;
        }
      }
    }
  }

  /** How many passes have completed since start (the first one follows the trail's first writable moment). */
  public int passes() {
    return passes.get();
  }

  /** How much one pass recorded, and how many of its events the trail already held (not recorded again). */
  record Pass(int remediations, int events, int stored) {}

  /** One pass over every AlertRemediation of the namespace; throws when the API server cannot be listed. */
  Pass reproject() {
    Map<String, List<HasMetadata>> children = new HashMap<>();
    group(children, AlertProcessing.class, ap -> ap.getSpec() == null ? null : ap.getSpec().getRemediationRef());
    group(children, AIAnalysis.class, aia -> aia.getSpec() == null ? null : aia.getSpec().getRemediationRef());
    group(children, WorkflowExecution.class, wfe -> wfe.getSpec() == null ? null : wfe.getSpec().getRemediationRef());
    group(children, KubernetesExecution.class, kex -> kex.getSpec() == null ? null : kex.getSpec().getRemediationRef());
    int remediations = 0;
    int events = 0;
    int stored = 0;
    String next = null;
    do {
      // The remediations a page at a time: a pass holds one page of them (with all the children) at once.
      KubernetesResourceList<AlertRemediation> page = client.resources(AlertRemediation.class).inNamespace(namespace)
          .list(page(next));
      List<AuditEvent> projected = new ArrayList<>();
      for (AlertRemediation ar : page.getItems()) {
        remediations++;
        if (ar.getSpec() == null || ar.getSpec().getFingerprint() == null || ar.getSpec().getTarget() == null) {
          continue;
        }
        try {
          projected.addAll(RemediationAudit.projection(ar, children.getOrDefault(ar.getMetadata().getName(), List.of())));
        } catch (RuntimeException e) {
          LOG.warn("Could not re-project AlertRemediation {} from its status ({}); the others go on",
              ar.getMetadata().getName(), e.toString());
        }
      }
      // One question per page: a restart over remediations whose events are all stored records none.
      Set<String> known = projected.isEmpty() ? Set.of()
          : trail.stored(projected.stream().map(AuditEvent::idempotencyKey).toList());
      for (AuditEvent event : projected) {
        if (known.contains(event.idempotencyKey())) {
          stored++;
          continue;
        }
        if (closed || !record(event)) {
          return new Pass(remediations, events, stored);
        }
        events++;
      }
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (!closed && next != null && !next.isEmpty());
    return new Pass(remediations, events, stored);
  }

  /** One page of a LIST, as the informers list (OperatorRuntime.LIST_PAGE): no answer holds a whole kind. */
  private static ListOptions page(String continueToken) {
    return new ListOptionsBuilder().withLimit(OperatorRuntime.LIST_PAGE).withContinue(continueToken).build();
  }

  private <T extends HasMetadata> void group(Map<String, List<HasMetadata>> children, Class<T> kind,
      Function<T, RemediationRef> owner) {
    String next = null;
    do {
      KubernetesResourceList<T> page = client.resources(kind).inNamespace(namespace).list(page(next));
      for (T child : page.getItems()) {
        RemediationRef ref = owner.apply(child);
        if (ref != null && ref.getName() != null) {
          // The informers' instance of this version where they hold it: the pass keeps no second copy.
          children.computeIfAbsent(ref.getName(), k -> new ArrayList<>()).add(SharedItemStore.shared(child));
        }
      }
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
  }

  /**
   * Records one event, first waiting while the writer is far behind, then again as long as the
   * queue is full; false when closed meanwhile.
   */
  private boolean record(AuditEvent event) {
    while (!closed) {
      if (trail.backlog() < MAX_BACKLOG && trail.record(event) == RecordResult.QUEUED) {
        return true;
      }
      if (!sleep(PACE.toMillis())) {
        return false;
      }
    }
    return false;
  }

  private boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return !closed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops: a pass under way ends at its next event. */
  @Override
  public void close() {
    closed = true;
    worker.shutdownNow();
    try {
      worker.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

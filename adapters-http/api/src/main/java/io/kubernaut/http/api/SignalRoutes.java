package io.kubernaut.http.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.http.api.route.RequestBodies;
import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.in.IngestSignal;
import io.kubernaut.ports.in.IngestSignalCommand;
import io.kubernaut.ports.in.IntakeOutcome;
import io.kubernaut.ports.signal.Signal;
import io.kubernaut.ports.signal.SignalSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: Alertmanager webhooks and Kubernetes Warning events. Every alert is answered
 * 2xx only once it is persisted, or once it is found not actionable (result {@code ignored}, with
 * its reason: nothing to persist); when the store is unreachable or intake is full the whole
 * request gets 503 with {@code Retry-After}, so Alertmanager retries and nothing is lost.
 */
final class SignalRoutes implements RouteGroup {

  private static final Logger LOG = LoggerFactory.getLogger(SignalRoutes.class);
  static final int RETRY_AFTER_SECONDS = 5;

  private final IngestSignal intake;
  private final RequestBodies bodies;
  private final SignatureVerifier signatures;
  private final Semaphore permits;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final SignalAnswer answer;
  /**
   * The meters every request touches, looked up once by enum keys: building a meter's id (or a key
   * string) and finding it in the registry on every request costs more than counting.
   */
  private final Map<SignalSource, Map<IntakeOutcome.Result, Counter>> received = new ConcurrentHashMap<>();
  private final Map<SignalSource, Counter> dedupHits = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  SignalRoutes(IngestSignal intake, RequestBodies bodies, SignatureVerifier signatures, int maxConcurrent,
      MeterRegistry metrics, Clock clock, ObjectMapper json) {
    this.intake = intake;
    this.answer = new SignalAnswer(json.getFactory());
    this.bodies = bodies;
    this.signatures = signatures;
    this.permits = new Semaphore(maxConcurrent);
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.post("/api/v1/signals/prometheus", this::prometheus, RequiredPermission.of(Permission.SIGNALS_CREATE));
    routes.post("/api/v1/signals/kubernetes-event", this::kubernetesEvent, RequiredPermission.of(Permission.SIGNALS_CREATE));
  }

  private void prometheus(Context ctx) {
    timed(ctx, "prometheus", () -> {
      AlertmanagerWebhook webhook = bodies.parse(ctx, AlertmanagerWebhook.class);
      List<SignalMapper.Mapped> mapped = SignalMapper.fromAlertmanager(webhook);
      List<SignalAnswer.Item> results = new ArrayList<>(mapped.size());
      withPermit(() -> {
        Instant receivedAt = clock.instant();
        // Loops, not streams: a duplicate's request is mostly this and the answer, thousands of times a second.
        List<IngestSignalCommand> accepted = new ArrayList<>(mapped.size());
        for (SignalMapper.Mapped m : mapped) {
          if (m.accepted()) {
            accepted.add(new IngestSignalCommand(m.signal(), receivedAt));
          }
        }
        Iterator<IntakeOutcome> outcomes = intake.ingestAll(accepted).iterator();
        noteTruncation(webhook); // once taken: a delivery answered 503 is sent again, and would count again
        for (SignalMapper.Mapped m : mapped) {
          results.add(new SignalAnswer.Item(m.index(), m.accepted() ? counted(m.signal().source(), outcomes.next())
              : counted(SignalSource.PROMETHEUS, new IntakeOutcome(IntakeOutcome.Result.REJECTED, "", "", 0,
                  m.rejection()))));
        }
      });
      answer.send(ctx, results);
    });
  }

  private void kubernetesEvent(Context ctx) {
    timed(ctx, "kubernetes-event", () -> {
      Signal signal = SignalMapper.fromKubernetesEvent(bodies.parse(ctx, KubernetesEventPayload.class));
      List<SignalAnswer.Item> results = new ArrayList<>();
      withPermit(() -> results.add(new SignalAnswer.Item(0, ingest(signal))));
      answer.send(ctx, results);
    });
  }

  /** Verifies the optional signature, runs the handler, and records its latency whatever the answer. */
  private void timed(Context ctx, String source, Runnable handler) {
    Timer.Sample sample = Timer.start(metrics);
    try {
      signatures.verify(ctx.header(SignatureVerifier.HEADER), () -> bodies.read(ctx));
      handler.run();
    } finally {
      sample.stop(timers.computeIfAbsent(source, s -> Timer.builder("kubernaut_gateway_request_seconds")
          .description("Latency of signal requests, from receipt to answer")
          .tag("source", s).publishPercentileHistogram().register(metrics)));
    }
  }

  private IntakeOutcome ingest(Signal signal) {
    return counted(signal.source(), intake.ingest(new IngestSignalCommand(signal, clock.instant())));
  }

  /**
   * Alertmanager's {@code max_alerts} keeps the first alerts of a group and drops the rest, every time: those are
   * never delivered. Counted and logged, so that a receiver set too tight shows.
   */
  private void noteTruncation(AlertmanagerWebhook webhook) {
    Long truncated = webhook.truncatedAlerts();
    if (truncated != null && truncated > 0) {
      metrics.counter("kubernaut_alerts_truncated_total").increment(truncated);
      LOG.warn("Alertmanager dropped {} alert(s) of group {} (receiver {}) to keep within max_alerts; they never reach"
          + " Kubernaut. Raise max_alerts on the receiver (0 = no limit).", truncated, printable(webhook.groupKey()),
          printable(webhook.receiver()));
    }
  }

  /** At most 200 characters of {@code text}, control characters shown as '?': a log line stays one line. */
  private static String printable(String text) {
    if (text == null) {
      return "";
    }
    String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
    return shown.chars().map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
  }

  /** Counts the outcome in the gateway's metrics and hands it on. */
  private IntakeOutcome counted(SignalSource source, IntakeOutcome outcome) {
    received.computeIfAbsent(source, s -> new ConcurrentHashMap<>()).computeIfAbsent(outcome.result(),
        r -> metrics.counter("kubernaut_signals_received_total", "source", source.wireName(),
            "outcome", r.name().toLowerCase(Locale.ROOT))).increment();
    if (outcome.result() == IntakeOutcome.Result.DUPLICATE || outcome.result() == IntakeOutcome.Result.AGGREGATED) {
      dedupHits.computeIfAbsent(source, s -> metrics.counter("kubernaut_dedup_hits_total", "source", s.wireName()))
          .increment();
    }
    if (outcome.result() == IntakeOutcome.Result.AGGREGATED && outcome.duplicateCount() == 0) {
      metrics.counter("kubernaut_alert_storms_total", "kind", "topology").increment();
    }
    if (outcome.ignoredBecause() != null) {
      metrics.counter("kubernaut_signals_ignored_total", "source", source.wireName(),
          "reason", outcome.ignoredBecause().name()).increment();
    }
    return outcome;
  }

  /** Runs the intake under the bounded permit; a full intake or an unreachable store answers 503. */
  private void withPermit(Runnable work) {
    if (!permits.tryAcquire()) {
      metrics.counter("kubernaut_gateway_overload_total").increment();
      throw HttpProblem.unavailable("The gateway is at capacity; Alertmanager will retry.", RETRY_AFTER_SECONDS);
    }
    try {
      work.run();
    } catch (RetryableException e) {
      LOG.warn("Answering 503 because the remediation store is unavailable: {}", e.getMessage());
      metrics.counter("kubernaut_gateway_store_unavailable_total").increment();
      throw HttpProblem.unavailable("The remediation store is unavailable, so nothing was accepted: "
          + e.getMessage(), RETRY_AFTER_SECONDS);
    } catch (PermanentException e) {
      // A create refused for good rejects its alert alone (AlertIntake); any other write so refused (a count, a
      // resolution) fails the delivery, and says which: what the delivery created before it stays, and is found
      // again by its retry.
      LOG.error("Answering 500 because the remediation store refused a write for good: {}", e.getMessage());
      throw new HttpProblem(500, "Internal Server Error", "The remediation store refused a write for good, so the "
          + "delivery was not taken in full (a retry finds what it created): " + e.getMessage());
    } finally {
      permits.release();
    }
  }
}

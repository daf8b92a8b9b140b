package io.kubernaut.http.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.http.api.route.RequestBodies;
import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.in.IngestSignal;
import io.kubernaut.ports.in.IngestSignalCommand;
import io.kubernaut.ports.in.IntakeOutcome;
import io.kubernaut.ports.signal.Signal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
  private final ObjectWriter json;
  /**
   * The meters every request touches, looked up once: building a meter's id and finding it in the
   * registry on every request costs more than counting.
   */
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  SignalRoutes(IngestSignal intake, RequestBodies bodies, SignatureVerifier signatures, int maxConcurrent,
      MeterRegistry metrics, Clock clock, ObjectMapper json) {
    this.intake = intake;
    this.json = json.writer();
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
      List<SignalMapper.Mapped> mapped = SignalMapper.fromAlertmanager(bodies.parse(ctx, AlertmanagerWebhook.class));
      List<Map<String, Object>> results = new ArrayList<>();
      withPermit(() -> {
        Instant receivedAt = clock.instant();
        List<SignalMapper.Mapped> accepted = mapped.stream().filter(SignalMapper.Mapped::accepted).toList();
        Iterator<IntakeOutcome> outcomes = intake.ingestAll(accepted.stream()
            .map(m -> new IngestSignalCommand(m.signal(), receivedAt)).toList()).iterator();
        for (SignalMapper.Mapped m : mapped) {
          results.add(m.accepted() ? result(m.index(), counted(m.signal(), outcomes.next()))
              : result(m.index(), new IntakeOutcome(IntakeOutcome.Result.REJECTED, "", "", 0, m.rejection())));
        }
      });
      respond(ctx, results);
    });
  }

  private void kubernetesEvent(Context ctx) {
    timed(ctx, "kubernetes-event", () -> {
      Signal signal = SignalMapper.fromKubernetesEvent(bodies.parse(ctx, KubernetesEventPayload.class));
      List<Map<String, Object>> results = new ArrayList<>();
      withPermit(() -> results.add(result(0, ingest(signal))));
      respond(ctx, results);
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
    return counted(signal, intake.ingest(new IngestSignalCommand(signal, clock.instant())));
  }

  /** Counts the outcome in the gateway's metrics and hands it on. */
  private IntakeOutcome counted(Signal signal, IntakeOutcome outcome) {
    String source = signal.source().wireName();
    String result = outcome.result().name().toLowerCase(Locale.ROOT);
    counter("kubernaut_signals_received_total", "source", source, "outcome", result).increment();
    if (outcome.result() == IntakeOutcome.Result.DUPLICATE || outcome.result() == IntakeOutcome.Result.AGGREGATED) {
      counter("kubernaut_dedup_hits_total", "source", source).increment();
    }
    if (outcome.result() == IntakeOutcome.Result.AGGREGATED && outcome.duplicateCount() == 0) {
      metrics.counter("kubernaut_alert_storms_total", "kind", "topology").increment();
    }
    if (outcome.ignoredBecause() != null) {
      metrics.counter("kubernaut_signals_ignored_total", "source", source,
          "reason", outcome.ignoredBecause().name()).increment();
    }
    return outcome;
  }

  /** The counter of {@code name} with these tag keys and values, registered on first use. */
  private Counter counter(String name, String... tags) {
    return counters.computeIfAbsent(name + String.join("\u0000", tags), k -> metrics.counter(name, tags));
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
    } finally {
      permits.release();
    }
  }

  private static Map<String, Object> result(int index, IntakeOutcome outcome) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("index", index);
    r.put("result", outcome.result().name().toLowerCase(Locale.ROOT));
    if (!outcome.remediationName().isEmpty()) {
      r.put("remediation", outcome.remediationName());
    }
    if (!outcome.fingerprint().isEmpty()) {
      r.put("fingerprint", outcome.fingerprint());
    }
    if (outcome.result() == IntakeOutcome.Result.DUPLICATE || outcome.result() == IntakeOutcome.Result.AGGREGATED) {
      r.put("duplicates", outcome.duplicateCount());
    }
    if (outcome.ignoredBecause() != null) {
      r.put("reason", outcome.ignoredBecause().name());
    }
    if (!outcome.stormsQueued().isEmpty()) {
      // Queued, not yet sent: the store records the crossing with its next write and escalates it from there.
      r.put("stormQueued", outcome.stormsQueued().stream().map(t -> t.wireName()).toList());
    }
    r.put("message", outcome.message());
    return r;
  }

  /** The kinds of result the summary counts, in the order it lists them. */
  private static final List<String> KINDS = List.of("created", "duplicate", "resolved", "aggregated", "ignored", "rejected");

  /**
   * 201 if anything was created, else 202 if anything was accepted, else 200 if anything was
   * ignored (nothing to persist), else 400 with every rejection. The summary is counted in one pass
   * and the answer written as bytes: a duplicate is answered many times a second.
   */
  private void respond(Context ctx, List<Map<String, Object>> results) {
    long[] counts = new long[KINDS.size()];
    for (Map<String, Object> r : results) {
      int kind = KINDS.indexOf(r.get("result"));
      if (kind >= 0) {
        counts[kind]++;
      }
    }
    Map<String, Long> summary = new LinkedHashMap<>();
    summary.put("total", (long) results.size());
    for (int i = 0; i < KINDS.size(); i++) {
      summary.put(KINDS.get(i), counts[i]);
    }
    if (summary.get("rejected") == results.size()) {
      throw HttpProblem.of(400, "Bad Request", results.size() == 1
          ? String.valueOf(results.get(0).get("message"))
          : "None of the " + results.size() + " alerts could be accepted.",
          results.stream().map(r -> String.valueOf(r.get("message"))).toList());
    }
    long accepted = summary.get("duplicate") + summary.get("resolved") + summary.get("aggregated");
    ctx.status(summary.get("created") > 0 ? 201 : accepted > 0 ? 202 : 200).contentType(ContentType.APPLICATION_JSON);
    byte[] answer;
    try {
      answer = json.writeValueAsBytes(Map.of("results", results, "summary", summary));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Maps of strings and numbers always serialise.", e);
    }
    if (answer.length >= COMPRESSED_FROM) {
      ctx.result(answer);
      return;
    }
    ctx.res().setContentLength(answer.length);
    try {
      ctx.res().getOutputStream().write(answer);
    } catch (IOException e) {
      LOG.debug("The answer could not be sent; the sender went away: {}", e.getMessage());
    }
  }

  /**
   * From this many bytes an answer goes out as a Javalin result, which gzips it for a sender that
   * accepts it (Javalin's {@code CompressionStrategy.defaultMinSizeForCompression}: below a packet
   * compression gains nothing). A smaller answer, such as every single alert's, is written straight
   * to the response with its {@code Content-Length}: Javalin would copy it through a fresh 32 KiB
   * buffer and a compression wrapper that leaves it as it is.
   */
  static final int COMPRESSED_FROM = 1500;
}

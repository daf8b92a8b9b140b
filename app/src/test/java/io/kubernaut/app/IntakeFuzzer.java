package io.kubernaut.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.app.IntakePayloadMutator.Mutant;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Sends mutants over real HTTP from a few client threads and checks every answer: no 5xx but 503
 * with Retry-After, no 429, every 4xx a complete problem document, every mutant that is invalid by
 * construction refused, every unmutated sample accepted, and no ERROR logged meanwhile.
 */
final class IntakeFuzzer {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_FINDINGS = 20;
  /** Status recorded when a body too large to discard was refused and its connection closed. */
  static final int CLOSED = -2;
  /** Status recorded when a request got no answer at all. */
  static final int NO_ANSWER = -1;

  private final String baseUrl;
  private final String token;
  private final int threads;
  private final int maxBodyBytes;
  private final HttpClient http;

  IntakeFuzzer(String baseUrl, String token, int threads, int maxBodyBytes) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.threads = threads;
    this.maxBodyBytes = maxBodyBytes;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** What a run sent, what came back, and everything that broke a rule. */
  static final class Report {
    final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong invalid = new AtomicLong();
    final AtomicLong acceptedSignals = new AtomicLong();
    /**
     * Signals acknowledged in the answers to requests sent twice ({@link #exchange}): the first send got
     * no answer, but the server may have taken it before the connection broke, so its signals may have
     * reached the intake twice. At most this many more than {@link #acceptedSignals} reach it.
     */
    final AtomicLong resentAcceptedSignals = new AtomicLong();
    final AtomicLong resent = new AtomicLong();
    final Set<String> createdRemediations = ConcurrentHashMap.newKeySet();
    /** Fingerprints the gateway named in 2xx answers (created, duplicate, aggregated or resolved; never ignored). */
    final Set<String> acknowledgedFingerprints = ConcurrentHashMap.newKeySet();
    /**
     * Alerts in valid payloads answered 503. A batch can be refused after some of its alerts were
     * persisted (a race it could not settle); Alertmanager re-sends it, and the re-send dedups.
     */
    final AtomicLong refusedValidAlerts = new AtomicLong();
    final List<String> findings = Collections.synchronizedList(new ArrayList<>());
    final List<String> errorLogs = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong errorLogCount = new AtomicLong();
    long millis;

    void finding(Mutant m, String what) {
      if (findings.size() < MAX_FINDINGS) {
        findings.add("#" + m.index() + " " + m.method() + " " + m.path() + " [" + m.mutations() + "]: " + what);
      }
    }

    Map<Integer, Long> statusCounts() {
      Map<Integer, Long> counts = new TreeMap<>();
      statuses.forEach((s, n) -> counts.put(s, n.get()));
      return counts;
    }
  }

  /** Sends mutants {@code from} to {@code from + count - 1} and checks each answer. */
  Report run(IntakePayloadMutator mutator, long from, long count) throws InterruptedException {
    Report report = new Report();
    ErrorRecorder errors = new ErrorRecorder(report);
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    errors.start();
    root.addAppender(errors);
    long started = System.nanoTime();
    AtomicLong next = new AtomicLong(from);
    ExecutorService clients = Executors.newFixedThreadPool(threads);
    try {
      for (int t = 0; t < threads; t++) {
        clients.execute(() -> {
          for (long i = next.getAndIncrement(); i < from + count; i = next.getAndIncrement()) {
            try {
              sendAndCheck(mutator.mutant(i), report);
            } catch (RuntimeException e) {
              report.findings.add("#" + i + " could not be generated or sent: " + e);
            }
          }
        });
      }
      clients.shutdown();
      if (!clients.awaitTermination(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("The fuzz clients did not finish within 10 minutes.");
      }
    } finally {
      clients.shutdownNow();
      root.detachAppender(errors);
      errors.stop();
    }
    report.millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    return report;
  }

  private void sendAndCheck(Mutant m, Report report) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + m.path()))
        .timeout(Duration.ofSeconds(30))
        .method(m.method(), HttpRequest.BodyPublishers.ofByteArray(m.body()));
    if (!m.contentType().isEmpty()) {
      request.header("Content-Type", m.contentType());
    }
    if (m.authorized()) {
      request.header("Authorization", "Bearer " + token);
    }
    report.sent.incrementAndGet();
    if (m.invalid()) {
      report.invalid.incrementAndGet();
    }
    HttpResponse<String> response;
    boolean[] twice = {false};
    try {
      response = exchange(request, m, twice);
    } catch (IOException e) {
      if (tooLargeToDiscard(m)) {
        report.statuses.computeIfAbsent(CLOSED, s -> new AtomicLong()).incrementAndGet();
      } else {
        report.statuses.computeIfAbsent(NO_ANSWER, s -> new AtomicLong()).incrementAndGet();
        report.finding(m, "no answer: " + e);
      }
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    int status = response.statusCode();
    report.statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    check(m, response, report);
    if (twice[0]) {
      report.resent.incrementAndGet();
      // Concurrent senders add to the same counter; for the bound, what this answer acknowledged is taken anew.
      report.resentAcceptedSignals.addAndGet(Math.max(0, accepted(response)));
    }
  }

  /**
   * Sends the request; when the pooled connection gave no answer at all (the server closed an idle
   * keep-alive connection just as the client reused it: seen 2 times in 100,000 on a loaded machine),
   * sends it once more on a new connection. A request that gets no answer twice is still a finding.
   */
  private HttpResponse<String> exchange(HttpRequest.Builder request, Mutant m, boolean[] twice)
      throws IOException, InterruptedException {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException first) {
      if (tooLargeToDiscard(m)) {
        throw first;
      }
      twice[0] = true;
      HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      return fresh.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  /**
   * The gateway reads and discards an unread body of up to 16 times the limit before an error
   * answer; beyond that it may close the connection before the sender reads the answer.
   */
  private boolean tooLargeToDiscard(Mutant m) {
    return m.body().length > 16L * maxBodyBytes;
  }

  /** The signals a 2xx answer acknowledged (its summary's total less its rejected), else 0. */
  private static long accepted(HttpResponse<String> response) {
    if (response.statusCode() < 200 || response.statusCode() > 202) {
      return 0;
    }
    JsonNode body = parse(response.body());
    JsonNode summary = body == null ? null : body.get("summary");
    return summary == null ? 0 : summary.path("total").asLong() - summary.path("rejected").asLong();
  }

  private static void check(Mutant m, HttpResponse<String> response, Report report) {
    int status = response.statusCode();
    if (status == 503) {
      if (response.headers().firstValue("Retry-After").isEmpty()) {
        report.finding(m, "503 without Retry-After");
      }
      if (!m.invalid()) {
        report.refusedValidAlerts.addAndGet(alertCount(m));
      }
      return;
    }
    if (status >= 500 || status == 429) {
      report.finding(m, status + " " + abbreviate(response.body()));
      return;
    }
    if (status >= 400) {
      checkProblem(m, response, report);
      return;
    }
    if (m.invalid()) {
      report.finding(m, "invalid by construction but answered " + status + " " + abbreviate(response.body()));
    }
    if (status != 200 && status != 201 && status != 202) {
      report.finding(m, "unexpected " + status);
      return;
    }
    JsonNode body = parse(response.body());
    JsonNode summary = body == null ? null : body.get("summary");
    if (summary == null || !body.path("results").isArray()) {
      report.finding(m, status + " without results and summary: " + abbreviate(response.body()));
      return;
    }
    if (status == 200 && summary.path("ignored").asLong() == 0) {
      report.finding(m, "200 although no alert was ignored: " + abbreviate(response.body()));
    }
    report.acceptedSignals.addAndGet(summary.path("total").asLong() - summary.path("rejected").asLong());
    body.path("results").forEach(r -> {
      String result = r.path("result").asText();
      if (("created".equals(result) || "aggregated".equals(result)) && r.hasNonNull("remediation")) {
        report.createdRemediations.add(r.path("remediation").asText());
      }
      if (r.hasNonNull("fingerprint")) {
        report.acknowledgedFingerprints.add(r.path("fingerprint").asText());
      }
    });
  }

  /** How many alerts a payload carries: the Alertmanager {@code alerts} array, or one event. */
  private static int alertCount(Mutant m) {
    JsonNode body = parse(new String(m.body(), java.nio.charset.StandardCharsets.UTF_8));
    return body != null && body.path("alerts").isArray() ? Math.max(1, body.path("alerts").size()) : 1;
  }

  private static void checkProblem(Mutant m, HttpResponse<String> response, Report report) {
    int status = response.statusCode();
    if ("unmutated".equals(m.mutations())) {
      report.finding(m, "the unmutated sample was refused: " + status + " " + abbreviate(response.body()));
    }
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    if (!contentType.startsWith("application/problem+json")) {
      report.finding(m, status + " with Content-Type '" + contentType + "'");
      return;
    }
    JsonNode problem = parse(response.body());
    if (problem == null || problem.path("status").asInt() != status || problem.path("title").asText().isBlank()
        || problem.path("detail").asText().isBlank()) {
      report.finding(m, status + " problem lacks status/title/detail: " + abbreviate(response.body()));
    }
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String abbreviate(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }

  /** Keeps the ERROR events logged anywhere during a run (the first few in full). */
  private static final class ErrorRecorder extends AppenderBase<ILoggingEvent> {
    private final Report report;

    ErrorRecorder(Report report) {
      this.report = report;
    }

    @Override
    protected void append(ILoggingEvent event) {
      if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
        report.errorLogCount.incrementAndGet();
        if (report.errorLogs.size() < MAX_FINDINGS) {
          report.errorLogs.add(event.getLoggerName() + ": " + event.getFormattedMessage()
              + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getClassName()
                  + ": " + event.getThrowableProxy().getMessage()));
        }
      }
    }
  }
}

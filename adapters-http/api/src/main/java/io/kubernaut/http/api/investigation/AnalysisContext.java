package io.kubernaut.http.api.investigation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.ports.analysis.AnalysisGates;
import io.kubernaut.ports.analysis.AnalysisResult;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.in.AnalyzeAlert;
import io.kubernaut.ports.in.ProcessAlert;
import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.processing.ProcessingRequest;
import io.kubernaut.ports.processing.ProcessingResult;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.signal.TargetRef;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the endpoints' JSON into investigation requests: reads the body (415/400 problems),
 * resolves the target, and enriches and classifies it through the same {@link ProcessAlert} the
 * pipeline uses. When enrichment fails the analysis still runs, on the body alone. Bounds the
 * analyses that run at once: each holds an HTTP thread for as long as HolmesGPT or the LLM takes,
 * so a burst of callers would otherwise take every thread of the server (the gateway's too) and
 * every call the endpoint allows; beyond the bound a caller gets 503 with {@code Retry-After}.
 */
final class AnalysisContext {

  private static final Logger LOG = LoggerFactory.getLogger(AnalysisContext.class);
  private static final Duration BUDGET = Duration.ofSeconds(5);
  /** What a caller turned away is asked to wait: about one investigation. */
  static final int RETRY_AFTER_SECONDS = 10;

  private final ObjectMapper json;
  private final ProcessAlert processor;
  private final Clock clock;
  private final Semaphore analyses;
  private final int maxAnalyses;

  AnalysisContext(ObjectMapper json, ProcessAlert processor, Clock clock, int maxAnalyses) {
    this.json = json;
    this.processor = processor;
    this.clock = clock;
    this.maxAnalyses = maxAnalyses;
    this.analyses = new Semaphore(maxAnalyses);
  }

  /**
   * Runs the investigator chain on {@code request} if it calls nothing outside the process, or if
   * fewer than the bound of analyses are running; otherwise answers 503 with {@code Retry-After},
   * having called nothing.
   */
  AnalysisResult analyze(AnalyzeAlert analyzer, java.util.function.Supplier<InvestigationRequest> request,
      AnalysisGates gates) {
    if (!analyzer.callsOut()) {
      return analyzer.analyze(request.get(), gates); // the rule engine alone: in process, quick, not bounded
    }
    // Before the request is built: building it reads the target from the cluster (up to 5 s).
    if (!analyses.tryAcquire()) {
      LOG.warn("Refused an analysis: {} are running (KUBERNAUT_API_MAX_CONCURRENT_ANALYSES)", maxAnalyses);
      throw HttpProblem.unavailable(maxAnalyses + " analyses are running, as many as this operator runs at once for "
          + "the API (KUBERNAUT_API_MAX_CONCURRENT_ANALYSES); nothing was called for this one. Retry after "
          + RETRY_AFTER_SECONDS + " s.", RETRY_AFTER_SECONDS);
    }
    try {
      return analyzer.analyze(request.get(), gates);
    } finally {
      analyses.release();
    }
  }

  /** The body as a JSON object. */
  JsonNode body(Context ctx) {
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/json")) {
      throw HttpProblem.of(415, "Unsupported Media Type", "The body must be JSON sent as Content-Type: application/json.",
          List.of());
    }
    try {
      JsonNode node = json.readTree(ctx.bodyAsBytes());
      if (node == null || !node.isObject()) {
        throw bad("The body must be a JSON object.");
      }
      return node;
    } catch (IOException e) {
      throw bad("The body is not valid JSON: " + e.getMessage());
    }
  }

  /**
   * A target from {@code {kind, namespace, name}} or {@code "Kind/namespace/name"}, or null.
   *
   * @throws HttpProblem 400 when it names no Kubernetes object ({@link #checked})
   */
  static TargetRef target(JsonNode t, String namespace) {
    if (t == null || t.isNull()) {
      return null;
    }
    if (t.isTextual()) {
      String[] p = t.asText().split("/", -1);
      if (p.length != 2 && p.length != 3) {
        throw bad("The target " + abbreviated(t.asText()) + " is not a Kubernetes object: write it Kind/namespace/name "
            + "(or Kind/name).");
      }
      return checked(p.length == 3 ? new TargetRef(p[0], p[1], p[2]) : new TargetRef(p[0], namespace, p[1]));
    }
    String kind = t.path("kind").asText("");
    String name = t.path("name").asText("");
    return kind.isEmpty() || name.isEmpty() ? null
        : checked(new TargetRef(kind, t.path("namespace").asText(namespace), name));
  }

  /**
   * {@code target} when its kind, namespace (empty for a cluster-scoped one) and name could name a Kubernetes object;
   * else a 400 problem naming it. Before, anything went into the cluster reads (whose URLs take the name as it is)
   * and the analysis, and was answered 200.
   */
  static TargetRef checked(TargetRef target) {
    if (target != null && (!io.kubernaut.http.api.route.KubernetesNames.KIND.matcher(target.kind()).matches()
        || !(target.namespace().isEmpty()
            || io.kubernaut.http.api.route.KubernetesNames.NAMESPACE.matcher(target.namespace()).matches())
        || !io.kubernaut.http.api.route.KubernetesNames.OBJECT_NAME.matcher(target.name()).matches())) {
      throw bad("The target " + abbreviated(target.kind() + "/" + target.namespace() + "/" + target.name())
          + " is not a Kubernetes object: a kind such as Deployment, a namespace of lower-case letters, digits and "
          + "'-', and a name of lower-case letters, digits, '-' and '.'.");
    }
    return target;
  }

  private static String abbreviated(String text) {
    return text.length() <= 120 ? text : text.substring(0, 120) + "...";
  }

  /** Enriches and classifies the target, then builds the request. */
  InvestigationRequest request(String fingerprint, String alertName, String severity, String environment,
      TargetRef target, Map<String, String> labels, Map<String, String> annotations) {
    return classified(fingerprint, alertName, severity, environment, target, labels, annotations).request();
  }

  /** A request and, when the target could be enriched, how AlertProcessing classifies and routes it. */
  record Classified(InvestigationRequest request, Optional<ProcessingResult> processing) {}

  /**
   * The request as {@link #request} builds it, with the processing result. The environment is the
   * operator's classification of the target; the caller's {@code environment} counts only when the
   * operator cannot tell (the target could not be read, or its environment is unknown). A caller
   * naming "development" for a production target would otherwise pass production's gates.
   */
  Classified classified(String fingerprint, String alertName, String severity, String environment,
      TargetRef target, Map<String, String> labels, Map<String, String> annotations) {
    Enrichment enrichment = null;
    Environment env = environment == null || environment.isBlank() ? Environment.UNKNOWN : Environment.fromWireName(environment);
    Optional<ProcessingResult> processing = Optional.empty();
    try {
      ProcessingResult r = processor.process(new ProcessingRequest(alertName, severity, target, labels, BUDGET));
      enrichment = r.enrichment();
      processing = Optional.of(r);
      if (environment == null || environment.isBlank() || r.environment() != Environment.UNKNOWN) {
        env = r.environment();
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not enrich {} for the analysis API; analysing the request body alone: {}", target.display(),
          e.getMessage());
    }
    return new Classified(new InvestigationRequest(fingerprint, alertName, severity, env, target, labels, annotations,
        enrichment, clock.instant()), processing);
  }

  /** The fields of a JSON object as strings (nested values as JSON text); empty when it is not an object. */
  static Map<String, String> strings(JsonNode object) {
    Map<String, String> result = new LinkedHashMap<>();
    if (object != null && object.isObject()) {
      object.fields().forEachRemaining(f -> result.put(f.getKey(), f.getValue().isValueNode() ? f.getValue().asText()
          : f.getValue().toString()));
    }
    return result;
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  static HttpProblem bad(String detail) {
    return HttpProblem.of(400, "Bad Request", detail, List.of(detail));
  }
}

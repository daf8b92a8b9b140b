package io.kubernaut.http.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.MetricsReader;
import io.kubernaut.ports.verification.QueryAnswer;
import io.kubernaut.ports.verification.Sample;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Instant queries against Prometheus's HTTP API ({@code GET /api/v1/query}). A vector answers
 * one sample per series, a scalar one sample without labels; {@code NaN} and {@code ±Inf} are read
 * as such. No answer is {@code UNREACHABLE}; an error answer (a bad query is {@code 400
 * bad_data}), a string or range result, or a body that is not Prometheus's JSON is {@code FAILED}.
 * Every reason is a sentence; nothing is thrown.
 */
final class PrometheusMetricsReader implements MetricsReader {

  /** Longest excerpt of an error message or body quoted in a reason. */
  private static final int QUOTE = 300;

  private final ApiClient api;
  private final ObjectMapper json;

  PrometheusMetricsReader(ApiClient api, ObjectMapper json) {
    this.api = api;
    this.json = json;
  }

  @Override
  public boolean configured() {
    return true;
  }

  @Override
  public QueryAnswer query(String promql) {
    ApiClient.Reply reply;
    try {
      reply = api.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    } catch (RetryableException e) {
      return QueryAnswer.unreachable(e.getMessage());
    }
    JsonNode body;
    try {
      body = json.readTree(reply.body());
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject() || !body.path("status").isTextual()) {
      return QueryAnswer.failed("Prometheus answered HTTP " + reply.status() + " with a body that is not its query "
          + "JSON: " + quote(reply.body()) + ".");
    }
    if (!reply.ok() || !"success".equals(body.path("status").asText())) {
      return QueryAnswer.failed("Prometheus refused the query with HTTP " + reply.status() + " ("
          + body.path("errorType").asText("no error type") + "): " + quote(body.path("error").asText("")) + ".");
    }
    try {
      return QueryAnswer.answered(samples(body.path("data")));
    } catch (IllegalArgumentException e) {
      return QueryAnswer.failed("Prometheus answered a result that is not " + e.getMessage());
    }
  }

  private static List<Sample> samples(JsonNode data) {
    String type = data.path("resultType").asText("");
    JsonNode result = data.path("result");
    switch (type) {
      case "vector" -> {
        if (!result.isArray()) {
          throw new IllegalArgumentException("readable: a vector without a result list.");
        }
        List<Sample> samples = new ArrayList<>();
        for (JsonNode series : result) {
          samples.add(new Sample(labels(series.path("metric")), value(series.path("value"))));
        }
        return samples;
      }
      case "scalar" -> {
        return List.of(new Sample(Map.of(), value(result)));
      }
      default -> throw new IllegalArgumentException("a number: its type is \"" + type + "\"; verification needs an "
          + "instant vector or a scalar.");
    }
  }

  private static Map<String, String> labels(JsonNode metric) {
    if (!metric.isObject()) {
      throw new IllegalArgumentException("readable: a series without labels.");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      labels.put(label.getKey(), label.getValue().asText());
    }
    return labels;
  }

  /** A {@code [timestamp, "value"]} pair; Prometheus writes NaN and infinities as {@code NaN}, {@code +Inf}, {@code -Inf}. */
  private static double value(JsonNode pair) {
    if (!pair.isArray() || pair.size() != 2 || !pair.get(1).isTextual()) {
      throw new IllegalArgumentException("readable: a sample is not a [time, \"value\"] pair.");
    }
    String text = pair.get(1).asText();
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("a number: a sample's value is \"" + quote(text) + "\".");
        }
      }
    };
  }

  static String quote(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= QUOTE ? flat : flat.substring(0, QUOTE) + "…";
  }
}

package io.kubernaut.http.verification;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/** Alertmanager's equality matchers, as API v2 {@code filter} parameters and silence matchers. */
final class Matchers {

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private Matchers() {}

  /** {@code filter=name="value"&...}, each value quoted with {@code \}, {@code "} and line breaks escaped. */
  static String filterQuery(Map<String, String> labels) {
    StringJoiner query = new StringJoiner("&");
    labels.forEach((name, value) -> {
      checkName(name);
      String matcher = name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
      query.add("filter=" + URLEncoder.encode(matcher, StandardCharsets.UTF_8));
    });
    return query.toString();
  }

  /** Refuses a label name Alertmanager would not accept, so no matcher can widen or break the filter. */
  static void checkName(String name) {
    if (!LABEL_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("\"" + PrometheusMetricsReader.quote(name) + "\" is not a label name.");
    }
  }
}

package io.kubernaut.http.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.AlertStateReader;
import io.kubernaut.ports.verification.AlertActivity;
import io.kubernaut.ports.verification.AlertActivity.State;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether an alert is still active in Alertmanager: {@code GET /api/v2/alerts} with one equality
 * filter per label, silenced, inhibited and unprocessed alerts included (a silenced alert is still
 * firing). Listed and not ended is {@code ACTIVE}; not listed (Alertmanager drops an alert once its
 * {@code endsAt} has passed) is {@code INACTIVE}; anything else is {@code UNKNOWN} with the reason.
 */
final class AlertmanagerAlertStateReader implements AlertStateReader {

  private final ApiClient api;
  private final ObjectMapper json;
  private final Clock clock;

  AlertmanagerAlertStateReader(ApiClient api, ObjectMapper json, Clock clock) {
    this.api = api;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public boolean configured() {
    return true;
  }

  @Override
  public AlertActivity activity(Map<String, String> labels) {
    Map<String, String> sorted = new TreeMap<>(labels);
    if (sorted.isEmpty()) {
      return new AlertActivity(State.UNKNOWN, "No labels were given to find the alert by; every alert would match.");
    }
    String what = "the alert " + sorted;
    String query;
    try {
      query = Matchers.filterQuery(sorted);
    } catch (IllegalArgumentException e) {
      return new AlertActivity(State.UNKNOWN, "Alertmanager was not asked about " + what + ": " + e.getMessage());
    }
    ApiClient.Reply reply;
    try {
      reply = api.get("/api/v2/alerts?" + query + "&active=true&silenced=true&inhibited=true&unprocessed=true");
    } catch (RetryableException e) {
      return new AlertActivity(State.UNKNOWN, e.getMessage());
    }
    if (!reply.ok()) {
      return new AlertActivity(State.UNKNOWN, "Alertmanager answered HTTP " + reply.status() + " when asked about "
          + what + ": " + PrometheusMetricsReader.quote(reply.body()) + ".");
    }
    JsonNode alerts;
    try {
      alerts = json.readTree(reply.body());
    } catch (IOException e) {
      alerts = null;
    }
    if (alerts == null || !alerts.isArray()) {
      return new AlertActivity(State.UNKNOWN, "Alertmanager answered a body that is not a list of alerts when asked "
          + "about " + what + ": " + PrometheusMetricsReader.quote(reply.body()) + ".");
    }
    Instant now = clock.instant();
    int firing = 0;
    int silenced = 0;
    for (JsonNode alert : alerts) {
      if (!alert.isObject()) {
        return new AlertActivity(State.UNKNOWN, "Alertmanager listed something that is not an alert when asked about "
            + what + ".");
      }
      if (ended(alert, now)) {
        continue;
      }
      firing++;
      if ("suppressed".equals(alert.path("status").path("state").asText())) {
        silenced++;
      }
    }
    if (firing == 0) {
      return new AlertActivity(State.INACTIVE, "Alertmanager lists no active alert for " + what + ".");
    }
    return new AlertActivity(State.ACTIVE, "Alertmanager lists " + firing + " active alert" + (firing == 1 ? "" : "s")
        + " for " + what + (silenced > 0 ? " (" + silenced + " silenced or inhibited)." : "."));
  }

  private static boolean ended(JsonNode alert, Instant now) {
    String endsAt = alert.path("endsAt").asText("");
    if (endsAt.isEmpty()) {
      return false;
    }
    try {
      return !Instant.parse(endsAt).isAfter(now);
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}

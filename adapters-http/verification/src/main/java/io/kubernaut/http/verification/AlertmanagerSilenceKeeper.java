package io.kubernaut.http.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.SilenceKeeper;
import io.kubernaut.ports.verification.Silence;
import io.kubernaut.ports.verification.SilenceRequest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Silences in Alertmanager (API v2) kept while a remediation acts. Each matches exactly: one
 * equality matcher per label ({@code isEqual: true, isRegex: false}), never a regex. It is created
 * by {@value SilenceRequest#CREATED_BY} and its comment ends with a line
 * {@code kubernaut.io/remediation=<name>}, by which it is found again after a restart
 * ({@code GET /api/v2/silences}, read here, not filtered there). {@code ensure} answers the active
 * (or pending) one that is already there, so a remediation never holds two; {@code expire} deletes
 * every one it holds.
 *
 * <p>No answer, 429 and 5xx throw {@link RetryableException}; a refusal (4xx) or a body that is not
 * Alertmanager's JSON throws {@link PermanentException}. Messages are sentences.
 */
final class AlertmanagerSilenceKeeper implements SilenceKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerSilenceKeeper.class);

  /** The comment line that names the remediation; read back exactly, so {@code ar-1} never finds {@code ar-12}'s. */
  static final String MARKER = "kubernaut.io/remediation=";

  private final ApiClient api;
  private final ObjectMapper json;
  private final Clock clock;

  AlertmanagerSilenceKeeper(ApiClient api, ObjectMapper json, Clock clock) {
    this.api = api;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public Optional<Silence> find(String remediation) {
    return held(remediation).stream().max(Comparator.comparing(Silence::endsAt));
  }

  @Override
  public Silence ensure(SilenceRequest request) {
    Optional<Silence> existing = find(request.remediation());
    if (existing.isPresent()) {
      return existing.get();
    }
    ObjectNode body = json.createObjectNode();
    ArrayNode matchers = body.putArray("matchers");
    new TreeMap<>(request.matchers()).forEach((name, value) -> {
      try {
        Matchers.checkName(name);
      } catch (IllegalArgumentException e) {
        throw new PermanentException("The silence for " + request.remediation() + " cannot match by "
            + e.getMessage(), e);
      }
      matchers.addObject().put("name", name).put("value", value).put("isRegex", false).put("isEqual", true);
    });
    body.put("startsAt", clock.instant().toString());
    body.put("endsAt", request.endsAt().toString());
    body.put("createdBy", SilenceRequest.CREATED_BY);
    body.put("comment", request.comment().strip() + "\n" + MARKER + request.remediation());
    ApiClient.Reply reply = answered(api.post("/api/v2/silences", body.toString()), "create the silence for "
        + request.remediation());
    String id = read(reply, "the created silence of " + request.remediation()).path("silenceID").asText("");
    if (id.isEmpty()) {
      throw new PermanentException("Alertmanager created the silence for " + request.remediation()
          + " but answered no silenceID.");
    }
    LOG.info("Silenced {} for remediation {} until {} (silence {})", new TreeMap<>(request.matchers()),
        request.remediation(), request.endsAt(), id);
    return new Silence(id, request.remediation(), request.endsAt(), true);
  }

  @Override
  public boolean expire(String remediation) {
    boolean expired = false;
    for (Silence silence : held(remediation)) {
      ApiClient.Reply reply = api.delete("/api/v2/silence/" + URLEncoder.encode(silence.id(), StandardCharsets.UTF_8));
      if (reply.status() == 404) {
        continue;
      }
      answered(reply, "expire silence " + silence.id() + " of " + remediation);
      LOG.info("Expired silence {} of remediation {}", silence.id(), remediation);
      expired = true;
    }
    return expired;
  }

  /** The active or pending silences Kubernaut created for {@code remediation}. */
  private List<Silence> held(String remediation) {
    JsonNode silences = read(answered(api.get("/api/v2/silences"), "list the silences"), "the silences");
    if (!silences.isArray()) {
      throw new PermanentException("Alertmanager answered something that is not a list of silences.");
    }
    List<Silence> held = new ArrayList<>();
    for (JsonNode silence : silences) {
      String state = silence.path("status").path("state").asText("");
      if (SilenceRequest.CREATED_BY.equals(silence.path("createdBy").asText())
          && names(silence.path("comment").asText(""), remediation)
          && (state.equals("active") || state.equals("pending"))) {
        held.add(new Silence(silence.path("id").asText(), remediation, instant(silence.path("endsAt").asText()), true));
      }
    }
    return held;
  }

  private static boolean names(String comment, String remediation) {
    return comment.lines().anyMatch(line -> line.strip().equals(MARKER + remediation));
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new PermanentException("Alertmanager answered a silence whose endsAt is not a time: \""
          + PrometheusMetricsReader.quote(text) + "\".", e);
    }
  }

  private static ApiClient.Reply answered(ApiClient.Reply reply, String what) {
    if (reply.ok()) {
      return reply;
    }
    String message = "Alertmanager answered HTTP " + reply.status() + " when asked to " + what + ": "
        + PrometheusMetricsReader.quote(reply.body()) + ".";
    if (reply.status() == 429 || reply.status() >= 500) {
      throw new RetryableException(message);
    }
    throw new PermanentException(message);
  }

  private JsonNode read(ApiClient.Reply reply, String what) {
    try {
      JsonNode node = json.readTree(reply.body());
      if (node == null || node.isMissingNode()) {
        throw new IOException("empty body");
      }
      return node;
    } catch (IOException e) {
      throw new PermanentException("Alertmanager answered " + what + " with a body that is not JSON: "
          + PrometheusMetricsReader.quote(reply.body()) + ".", e);
    }
  }
}

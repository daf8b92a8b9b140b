package io.kubernaut.http.api;

import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.ports.signal.Rfc3339Times;
import io.kubernaut.ports.signal.Signal;
import io.kubernaut.ports.signal.SignalSource;
import io.kubernaut.ports.signal.SignalStatus;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns the wire DTOs into {@link Signal}s, checking what the wire format promises. Each alert
 * of a batch is mapped on its own: one bad alert is rejected without failing the others.
 */
final class SignalMapper {

  static final int MAX_LABELS = 256;
  static final int MAX_NAME_LENGTH = 1024;
  static final int MAX_VALUE_LENGTH = 16 * 1024;
  /**
   * The most characters of names and values an alert's labels and annotations may hold together: its AlertRemediation
   * keeps them, and must stay well within what the API server stores in one object (about 1.5 MiB in etcd), whatever
   * the body limit lets through (256 entries of 16 Ki characters would be 8 MiB).
   */
  static final int MAX_ALERT_CHARACTERS = 128 * 1024;
  /**
   * The longest source fingerprint taken: Alertmanager's are 16 hex characters; each one a storm tracks is kept in
   * its status (up to 500), so an unbounded one could outgrow what the API server accepts.
   */
  static final int MAX_FINGERPRINT_LENGTH = 64;
  private static final java.util.regex.Pattern HEX_FINGERPRINT =
      java.util.regex.Pattern.compile("[0-9a-fA-F]{1," + MAX_FINGERPRINT_LENGTH + "}");
  /** A Kubernetes event's uid, its source fingerprint: a UUID on a real API server (36 characters), kept as briefly. */
  private static final java.util.regex.Pattern EVENT_UID =
      java.util.regex.Pattern.compile("[0-9a-zA-Z-]{1," + MAX_FINGERPRINT_LENGTH + "}");

  /** The labels an event's mapping sets of its own: an involved object's kind never replaces them. */
  private static final java.util.Set<String> RESERVED_EVENT_LABELS = java.util.Set.of("alertname", "severity",
      "node_host");

  /** One alert's mapping: a signal, or the sentence saying why it was rejected. */
  record Mapped(int index, Signal signal, String rejection) {
    boolean accepted() {
      return signal != null;
    }
  }

  private SignalMapper() {}

  /** Checks the envelope, then maps each alert. Envelope problems reject the whole request. */
  static List<Mapped> fromAlertmanager(AlertmanagerWebhook body) {
    if (body.version() == null) {
      throw HttpProblem.badRequest("Field 'version' is required; Kubernaut accepts Alertmanager webhook version \"4\".");
    }
    if (!"4".equals(body.version())) {
      throw HttpProblem.badRequest("Unsupported webhook version \"" + body.version()
          + "\"; Kubernaut accepts Alertmanager webhook version \"4\".");
    }
    if (body.alerts() == null) {
      throw HttpProblem.badRequest("Field 'alerts' is required and must be an array of alerts.");
    }
    if (body.alerts().isEmpty()) {
      throw HttpProblem.badRequest("Field 'alerts' is empty; there is nothing to take in.");
    }
    List<Mapped> result = new ArrayList<>();
    for (int i = 0; i < body.alerts().size(); i++) {
      result.add(alert(i, body, body.alerts().get(i)));
    }
    return result;
  }

  private static Mapped alert(int index, AlertmanagerWebhook body, AlertmanagerWebhook.Alert alert) {
    // Only a rejection names the alert: the accepted path builds no message.
    Supplier<String> where = () -> "alerts[" + index + "]";
    if (alert == null) {
      return new Mapped(index, null, where.get() + " is null.");
    }
    if (alert.labels() == null) {
      return new Mapped(index, null, where.get() + ".labels is required.");
    }
    Map<String, String> labels = merge(body.commonLabels(), alert.labels());
    Map<String, String> annotations = merge(body.commonAnnotations(), alert.annotations());
    String problem = checkLabels(() -> where.get() + ".labels", labels);
    if (problem == null) {
      problem = checkLabels(() -> where.get() + ".annotations", annotations);
    }
    if (problem == null) {
      long characters = characters(labels) + characters(annotations);
      if (characters > MAX_ALERT_CHARACTERS) {
        problem = where.get() + "'s labels and annotations hold " + characters + " characters together; at most "
            + MAX_ALERT_CHARACTERS + " are taken, so that the AlertRemediation that keeps them fits what the API "
            + "server stores. Shorten the alert rule's annotations.";
      }
    }
    if (problem != null) {
      return new Mapped(index, null, problem);
    }
    String alertName = labels.get("alertname");
    if (alertName == null || alertName.isBlank()) {
      return new Mapped(index, null, where.get() + ".labels.alertname is required.");
    }
    String status = alert.status() != null ? alert.status() : body.status();
    SignalStatus signalStatus;
    if ("firing".equals(status)) {
      signalStatus = SignalStatus.FIRING;
    } else if ("resolved".equals(status)) {
      signalStatus = SignalStatus.RESOLVED;
    } else {
      return new Mapped(index, null, where.get() + ".status must be \"firing\" or \"resolved\", got \"" + status + "\".");
    }
    Instant startsAt;
    try {
      startsAt = alert.startsAt() == null || alert.startsAt().isBlank() ? null : Rfc3339Times.parse(alert.startsAt());
    } catch (DateTimeParseException e) {
      return new Mapped(index, null, where.get() + ".startsAt must be an RFC 3339 time, got \"" + alert.startsAt() + "\".");
    }
    String fingerprint = alert.fingerprint();
    if (fingerprint != null && !fingerprint.isEmpty() && !HEX_FINGERPRINT.matcher(fingerprint).matches()) {
      return new Mapped(index, null, where.get() + ".fingerprint must be Alertmanager's fingerprint of the alert's labels"
          + " (16 hex digits), got " + (fingerprint.length() > MAX_FINGERPRINT_LENGTH
              ? fingerprint.length() + " characters; at most " + MAX_FINGERPRINT_LENGTH + " are taken."
              : "characters that are not hex digits."));
    }
    return new Mapped(index, new Signal(SignalSource.PROMETHEUS, alertName, labels.getOrDefault("severity", ""),
        signalStatus, null, labels, annotations, startsAt, fingerprint), null);
  }

  /** Maps a Warning event; Normal events and events without a named object are refused. */
  static Signal fromKubernetesEvent(KubernetesEventPayload event) {
    if (event.type() == null) {
      throw HttpProblem.badRequest("Field 'type' is required (Warning).");
    }
    if ("Normal".equals(event.type())) {
      throw new HttpProblem(422, "Unprocessable Entity",
          "Normal events describe expected behaviour and are not remediated; send Warning events only.");
    }
    if (!"Warning".equals(event.type()) && !"Error".equals(event.type())) {
      throw HttpProblem.badRequest("Field 'type' must be Warning, got \"" + event.type() + "\".");
    }
    if (event.reason() == null || event.reason().isBlank()) {
      throw HttpProblem.badRequest("Field 'reason' is required.");
    }
    var involved = event.involvedObject();
    if (involved == null || blank(involved.kind()) || blank(involved.name())) {
      throw HttpProblem.badRequest("Field 'involvedObject' with 'kind' and 'name' is required.");
    }
    if (!io.kubernaut.http.api.route.KubernetesNames.KIND.matcher(involved.kind()).matches()) {
      throw HttpProblem.badRequest("Field 'involvedObject.kind' must be a Kubernetes kind (a capital letter, then "
          + "letters and digits, at most 63 characters), such as Pod or Node.");
    }
    String namespace = !blank(involved.namespace()) ? involved.namespace()
        : event.metadata() == null ? "" : nullToEmpty(event.metadata().namespace());
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", event.reason());
    labels.put("namespace", namespace);
    String kindLabel = involved.kind().toLowerCase(java.util.Locale.ROOT);
    if (!RESERVED_EVENT_LABELS.contains(kindLabel)) {
      labels.put(kindLabel, involved.name()); // a kind named as the event's own labels does not replace them
    }
    labels.put("severity", "Error".equals(event.type()) ? "critical" : "warning");
    if (event.source() != null && !blank(event.source().host())) {
      labels.put("node_host", event.source().host());
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("description", nullToEmpty(event.message()));
    if (event.count() != null) {
      annotations.put("event_count", String.valueOf(event.count()));
    }
    String problem = checkLabels(() -> "event", labels);
    if (problem == null) {
      problem = checkLabels(() -> "event", annotations);
    }
    if (problem != null) {
      throw HttpProblem.badRequest(problem);
    }
    Instant startsAt = parseOrNull(event.firstTimestamp());
    String uid = event.metadata() == null ? "" : nullToEmpty(event.metadata().uid());
    if (!uid.isEmpty() && !EVENT_UID.matcher(uid).matches()) {
      // Kept as the source fingerprint among a storm's firing alerts (up to 500 in status), like Alertmanager's.
      throw HttpProblem.badRequest("Field 'metadata.uid' must be a Kubernetes uid (letters, digits and '-', at most "
          + MAX_FINGERPRINT_LENGTH + " characters).");
    }
    return new Signal(SignalSource.KUBERNETES_EVENT, event.reason(), labels.get("severity"), SignalStatus.FIRING,
        new TargetRef(involved.kind(), TargetRef.clusterScoped(involved.kind()) ? "" : namespace, involved.name()),
        labels, annotations, startsAt, uid);
  }

  private static Map<String, String> merge(Map<String, String> common, Map<String, String> own) {
    Map<String, String> merged = new LinkedHashMap<>();
    if (common != null) {
      common.forEach((k, v) -> {
        if (k != null && v != null) {
          merged.put(k, v);
        }
      });
    }
    if (own != null) {
      own.forEach((k, v) -> {
        if (k != null && v != null) {
          merged.put(k, v);
        }
      });
    }
    return merged;
  }

  private static String checkLabels(Supplier<String> where, Map<String, String> map) {
    if (map.size() > MAX_LABELS) {
      return where.get() + " has " + map.size() + " entries; at most " + MAX_LABELS + " are accepted.";
    }
    for (var e : map.entrySet()) {
      if (e.getKey().isEmpty() || e.getKey().length() > MAX_NAME_LENGTH) {
        return where.get() + " has a name that is empty or longer than " + MAX_NAME_LENGTH + " characters.";
      }
      if (e.getValue().length() > MAX_VALUE_LENGTH) {
        return where.get() + "." + e.getKey() + " is longer than " + MAX_VALUE_LENGTH + " characters.";
      }
      if (e.getKey().indexOf('\u0000') >= 0 || e.getValue().indexOf('\u0000') >= 0) {
        return where.get() + " has a NUL character in " + e.getKey().replace("\u0000", "\\u0000")
            + "; the audit trail cannot store it. Remove it from the alert rule.";
      }
    }
    return null;
  }

  private static long characters(Map<String, String> map) {
    long n = 0;
    for (var e : map.entrySet()) {
      n += e.getKey().length() + e.getValue().length();
    }
    return n;
  }

  private static Instant parseOrNull(String value) {
    try {
      return blank(value) ? null : Rfc3339Times.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}

package io.kubernaut.http.api.audit;

import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEventType;
import io.kubernaut.ports.signal.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The body of {@code POST /api/v1/audit/events}, from an external writer.
 *
 * <p>Stored keys are {@code external:<remediation>/<writer>/<key>}, {@code <writer>} the first 12
 * hex digits of the SHA-256 of the authenticated writer's name: a colon never occurs in an
 * AlertRemediation name, so an external key can never take the place of one the operator derives
 * from status, and one writer's key can never take the place of another's, nor of its own for
 * another remediation (a key posted first would otherwise have the later post dropped as its
 * replay). Without a key (body field or {@code Idempotency-Key} header) the key is derived from the
 * content, so a retried post is stored once.
 *
 * @param remediation the AlertRemediation name the event belongs to
 * @param fingerprint the problem's fingerprint, 64 lower-case hex characters
 * @param type one of {@link #EXTERNAL_TYPES}; the operator alone writes the others
 * @param namespace the target's namespace, optional
 * @param occurredAt when it happened, ISO-8601 with an offset
 * @param payload flat details: string, number or boolean values
 * @param idempotencyKey optional; see above
 */
record AuditEventRequest(String remediation, String fingerprint, String type, String namespace, String occurredAt,
    Map<String, Object> payload, String idempotencyKey) {

  static final String KEY_PREFIX = "external:";
  /** What the scope takes of a stored key: the longest object name, the writer's tag and two slashes. */
  private static final int SCOPE_LENGTH = 253 + 12 + 2;
  static final int MAX_KEY_LENGTH = AuditEvent.MAX_KEY_LENGTH - KEY_PREFIX.length() - SCOPE_LENGTH;
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
  /**
   * What an external writer may post: what it did (an action it ran, a notification it sent) and
   * anything else. Decisions (phase transitions, analyses, approvals) and the records that define a
   * remediation and open the retention gate are the operator's alone, so nobody can forge them.
   */
  static final Set<AuditEventType> EXTERNAL_TYPES =
      EnumSet.of(AuditEventType.ACTION, AuditEventType.NOTIFICATION, AuditEventType.OTHER);
  /** The payload key under which the authenticated writer is stored; a posted payload may not use it. */
  static final String WRITER_KEY = "postedBy";

  /**
   * Validates every field and builds the event, with {@code writer} (the authenticated caller)
   * stored under {@value #WRITER_KEY}; a 400 problem names each faulty field.
   */
  AuditEvent toEvent(String headerKey, Instant now, String writer) {
    List<String> errors = new ArrayList<>();
    if (blank(remediation)) {
      errors.add("Field 'remediation' is required: the AlertRemediation name.");
    } else if (!QueryParams.OBJECT_NAME.matcher(remediation).matches()) {
      errors.add("Field 'remediation' must be a Kubernetes object name (lower-case letters, digits, '-' and '.').");
    }
    Fingerprint fp = null;
    try {
      fp = new Fingerprint(fingerprint);
    } catch (IllegalArgumentException e) {
      errors.add("Field 'fingerprint' is required: 64 lower-case hex characters.");
    }
    AuditEventType eventType = eventType(errors);
    if (!blank(namespace) && !QueryParams.NAMESPACE.matcher(namespace).matches()) {
      errors.add("Field 'namespace' must be a namespace name when given, got '" + namespace + "'.");
    }
    Instant at = occurred(now, errors);
    Map<String, String> details = details(errors);
    String key = key(headerKey, errors);
    if (!errors.isEmpty()) {
      throw HttpProblem.of(400, "Bad Request", errors.size() == 1 ? errors.get(0)
          : "The audit event has " + errors.size() + " invalid fields.", errors);
    }
    String stored = KEY_PREFIX + remediation + "/" + sha256(writer).substring(0, 12) + "/"
        + (key.isEmpty() ? derivedKey(eventType, at, details) : key);
    Map<String, String> withWriter = new TreeMap<>(details);
    withWriter.put(WRITER_KEY, writer);
    return new AuditEvent(stored, remediation, fp, blank(namespace) ? "" : namespace, eventType, at, withWriter);
  }

  private AuditEventType eventType(List<String> errors) {
    List<AuditEventType> allowed = List.copyOf(EXTERNAL_TYPES);
    if (blank(type)) {
      errors.add("Field 'type' is required: one of " + allowed + ".");
      return null;
    }
    try {
      AuditEventType t = AuditEventType.valueOf(type.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      if (!EXTERNAL_TYPES.contains(t)) {
        errors.add("Field 'type' " + t + " is written by the operator only; use one of " + allowed + ".");
      }
      return t;
    } catch (IllegalArgumentException e) {
      errors.add("Field 'type' must be one of " + allowed + ", got '" + type + "'.");
      return null;
    }
  }

  private Instant occurred(Instant now, List<String> errors) {
    if (blank(occurredAt)) {
      errors.add("Field 'occurredAt' is required: an ISO-8601 time with an offset, such as 2025-01-31T08:00:00Z.");
      return null;
    }
    try {
      Instant at = OffsetDateTime.parse(occurredAt.trim()).toInstant();
      if (at.isAfter(now.plus(MAX_CLOCK_SKEW))) {
        errors.add("Field 'occurredAt' is " + occurredAt + ", more than " + MAX_CLOCK_SKEW.toMinutes()
            + " minutes in the future; check the writer's clock.");
      }
      if (at.isBefore(Instant.EPOCH)) {
        errors.add("Field 'occurredAt' is " + occurredAt + ", before 1970-01-01T00:00:00Z; check the writer's clock.");
      }
      return at;
    } catch (DateTimeParseException e) {
      errors.add("Field 'occurredAt' must be an ISO-8601 time with an offset, such as 2025-01-31T08:00:00Z, got '"
          + occurredAt + "'.");
      return null;
    }
  }

  private Map<String, String> details(List<String> errors) {
    Map<String, String> out = new TreeMap<>();
    if (payload == null) {
      errors.add("Field 'payload' is required: an object of details (use {} for none).");
      return out;
    }
    payload.forEach((k, v) -> {
      if (k.isBlank()) {
        errors.add("Field 'payload' has a blank key; every detail needs a name.");
      } else if (k.chars().anyMatch(Character::isISOControl)) {
        errors.add("Field 'payload' has a key with a control character; detail names are printable text.");
      } else if (v instanceof String text && text.indexOf('\u0000') >= 0) {
        errors.add("Field 'payload." + k + "' contains a NUL character, which the audit store cannot keep.");
      } else if (k.equals(WRITER_KEY)) {
        errors.add("Field 'payload." + WRITER_KEY + "' is reserved: the API stores the authenticated writer there.");
      } else if (v instanceof String || v instanceof Number || v instanceof Boolean) {
        out.put(k, String.valueOf(v));
      } else {
        errors.add("Field 'payload." + k + "' must be a string, number or boolean; the payload is flat.");
      }
    });
    long size = out.entrySet().stream().mapToLong(e -> e.getKey().length() + e.getValue().length()).sum();
    if (size > MAX_PAYLOAD_CHARS) {
      // The queue holds up to 10,000 events until the database takes them: the body limit alone let it hold gigabytes.
      errors.add("Field 'payload' holds " + size + " characters of names and values; at most " + MAX_PAYLOAD_CHARS
          + " are accepted.");
    }
    return out;
  }

  /** The most characters of names and values a posted payload may hold. */
  static final int MAX_PAYLOAD_CHARS = 16 * 1024;

  private String key(String headerKey, List<String> errors) {
    String body = blank(idempotencyKey) ? "" : idempotencyKey.trim();
    String header = blank(headerKey) ? "" : headerKey.trim();
    if (!body.isEmpty() && !header.isEmpty() && !body.equals(header)) {
      errors.add("Field 'idempotencyKey' differs from the Idempotency-Key header; send one of them.");
    }
    String key = body.isEmpty() ? header : body;
    if (key.length() > MAX_KEY_LENGTH) {
      errors.add("Field 'idempotencyKey' has " + key.length() + " characters; at most " + MAX_KEY_LENGTH + " are accepted.");
    } else if (key.chars().anyMatch(Character::isISOControl)) {
      errors.add("Field 'idempotencyKey' contains a control character; send printable text.");
    }
    return key;
  }

  /** {@code <type>/<sha256 of time, namespace and sorted payload>}: equal posts, equal keys. */
  private String derivedKey(AuditEventType t, Instant at, Map<String, String> details) {
    StringBuilder canonical = new StringBuilder().append(t).append('\n').append(at).append('\n')
        .append(blank(namespace) ? "" : namespace);
    details.forEach((k, v) -> canonical.append('\n').append(k.length()).append(':').append(k).append('=').append(v));
    return t.name().toLowerCase(Locale.ROOT) + "/" + sha256(canonical.toString());
  }

  /** The SHA-256 of the text's UTF-8 bytes, in lower-case hex. */
  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}

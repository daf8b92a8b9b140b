package io.kubernaut.ports.notification;

import java.util.Map;
import java.util.Objects;

/**
 * A message for humans about one remediation.
 *
 * @param type why it is sent
 * @param remediationName the alert tracking id (the AlertRemediation name)
 * @param fingerprint the fingerprint hex
 * @param environment the environment wire name
 * @param severity the normalised severity wire name
 * @param namespace the target namespace
 * @param phase the remediation phase when it was sent
 * @param title a one-line subject
 * @param body sentences with the details and the next step
 * @param idempotencyKey delivery happens at most once per key, so a reconcile replay does not notify twice
 * @param details extra key/value facts shown with the message
 */
public record Notification(
    NotificationType type,
    String remediationName,
    String fingerprint,
    String environment,
    String severity,
    String namespace,
    String phase,
    String title,
    String body,
    String idempotencyKey,
    Map<String, String> details) {
  public Notification {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(remediationName, "remediationName");
    Objects.requireNonNull(title, "title");
    fingerprint = fingerprint == null ? "" : fingerprint;
    environment = environment == null ? "" : environment;
    severity = severity == null ? "" : severity;
    namespace = namespace == null ? "" : namespace;
    phase = phase == null ? "" : phase;
    body = body == null ? "" : body;
    idempotencyKey = idempotencyKey == null ? type + ":" + remediationName : idempotencyKey;
    details = Map.copyOf(details == null ? Map.of() : details);
  }

  /**
   * The prefix of the idempotency key of every notification posted through the notify API: such a notification lives
   * apart from the operator's own, in its keys and in what a channel keys by it (a PagerDuty incident).
   */
  public static final String POSTED_KEYS = "api:";

  /** Whether the message with this idempotency key was posted through the notify API, not sent by the operator. */
  public static boolean posted(String idempotencyKey) {
    return idempotencyKey != null && idempotencyKey.startsWith(POSTED_KEYS);
  }

  /**
   * A notification whose idempotency key is {@code <type>:<remediation>[:<threshold>]}, the
   * threshold taken from {@link NotificationDetails#THRESHOLD} when present: a reconcile replay
   * yields the same key and is delivered once, while crossing a new threshold notifies again.
   */
  public static Notification of(NotificationType type, String remediationName, String fingerprint,
      String environment, String severity, String namespace, String phase, String title, String body,
      Map<String, String> details) {
    Map<String, String> d = details == null ? Map.of() : details;
    String threshold = d.get(NotificationDetails.THRESHOLD);
    String key = type + ":" + remediationName + (threshold == null || threshold.isBlank() ? "" : ":" + threshold);
    return new Notification(type, remediationName, fingerprint, environment, severity, namespace, phase,
        title, body, key, d);
  }
}

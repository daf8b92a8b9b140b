package io.kubernaut.http.notify;

import io.kubernaut.ports.notification.DeliveryResult;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.notification.RenderedMessage;
import io.kubernaut.ports.out.NotificationChannel;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PagerDuty Events API v2. A completed remediation resolves the incident; everything else
 * triggers it. The dedup key is the remediation id, so every notification of one remediation
 * lands on one incident.
 */
final class PagerDutyChannel implements NotificationChannel {

  static final URI EVENTS_V2 = URI.create("https://events.pagerduty.com/v2/enqueue");
  private static final int MAX_SUMMARY = 1024;

  private final HttpPoster poster;
  private final URI url;
  private final String routingKey;
  private final Duration timeout;

  PagerDutyChannel(HttpPoster poster, URI url, String routingKey, Duration timeout) {
    this.poster = poster;
    this.url = url;
    this.routingKey = routingKey;
    this.timeout = timeout;
  }

  @Override
  public String kind() {
    return "pagerduty";
  }

  /**
   * The incidents this channel resolved, for a while: a trigger of the same remediation retried after its resolve (its
   * first attempt failed, the resolve went through meanwhile) would open an incident that nothing resolves any more.
   */
  private final Map<String, java.time.Instant> resolved = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, java.time.Instant> eldest) {
      return size() > RESOLVED_MOST;
    }
  };

  /** The most resolved incidents remembered (the oldest go first). */
  static final int RESOLVED_MOST = 10_000;

  /** How long a resolved incident holds back a late trigger: past the longest retry backoff (2 min) many times over. */
  static final Duration RESOLVED_KEPT = Duration.ofHours(1);

  @Override
  public DeliveryResult deliver(RenderedMessage m) {
    String key = dedupKey(m);
    boolean resolve = m.type() == NotificationType.COMPLETED;
    if (!resolve && resolvedWithin(key)) {
      return DeliveryResult.permanentFailure("Not sent: incident " + key + " was resolved after this message was "
          + "queued; a trigger now would open it again with nothing left to resolve it.");
    }
    DeliveryResult result = poster.post(url, payload(m, routingKey), Map.of(), timeout);
    if (resolve && result.delivered()) {
      synchronized (resolved) {
        resolved.put(key, java.time.Instant.now());
      }
    }
    return result;
  }

  /** Whether this channel resolved the incident {@code key} within {@link #RESOLVED_KEPT}. */
  private boolean resolvedWithin(String key) {
    synchronized (resolved) {
      java.time.Instant at = resolved.get(key);
      return at != null && at.plus(RESOLVED_KEPT).isAfter(java.time.Instant.now());
    }
  }

  static Map<String, Object> payload(RenderedMessage m, String routingKey) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("routing_key", routingKey);
    // A message posted through the notify API keys incidents of its own: with the operator's key (the remediation's
    // name), anyone allowed to post could resolve the incident the operator opened (a COMPLETED post) or re-open one.
    event.put("dedup_key", dedupKey(m));
    if (m.type() == NotificationType.COMPLETED) {
      event.put("event_action", "resolve");
      return event;
    }
    event.put("event_action", "trigger");
    Map<String, Object> details = new LinkedHashMap<>();
    m.facts().forEach(f -> details.put(f.label(), f.value()));
    details.put("text", m.text());
    details.put("kubectl", m.kubectlHint());
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("summary", SlackChannel.cut(m.title() + " (" + m.trackingId() + ")", MAX_SUMMARY));
    payload.put("source", m.namespace().isEmpty() ? "kubernaut" : m.namespace());
    payload.put("severity", severity(m.severity()));
    payload.put("component", m.trackingId());
    payload.put("group", m.environment());
    payload.put("class", m.type().name());
    payload.put("custom_details", details);
    event.put("payload", payload);
    event.put("client", "Kubernaut");
    return event;
  }

  /** The remediation's name; for a message posted through the notify API, apart from the operator's ({@code api:}). */
  static String dedupKey(RenderedMessage m) {
    return io.kubernaut.ports.notification.Notification.posted(m.idempotencyKey())
        ? io.kubernaut.ports.notification.Notification.POSTED_KEYS + m.trackingId() : m.trackingId();
  }

  /** PagerDuty knows critical, error, warning and info. */
  static String severity(String severity) {
    return switch (severity) {
      case "critical", "warning", "info", "error" -> severity;
      default -> "error";
    };
  }
}

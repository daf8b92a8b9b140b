package io.kubernaut.http.notify;

import io.kubernaut.ports.notification.RenderedMessage;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A generic JSON webhook: the whole rendered message, flat, with an optional bearer token. */
final class WebhookChannel extends JsonPostChannel {

  WebhookChannel(HttpPoster poster, URI url, Optional<String> bearerToken, Duration timeout) {
    super("webhook", poster, url, bearerToken.map(t -> Map.of("Authorization", "Bearer " + t)).orElse(Map.of()), timeout);
  }

  @Override
  Map<String, Object> document(RenderedMessage m) {
    return payload(m);
  }

  static Map<String, Object> payload(RenderedMessage m) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", m.type().name());
    p.put("trackingId", m.trackingId());
    p.put("fingerprint", m.fingerprint());
    p.put("environment", m.environment());
    p.put("severity", m.severity());
    p.put("namespace", m.namespace());
    p.put("phase", m.phase());
    p.put("title", m.title());
    p.put("text", m.text());
    Map<String, String> facts = new LinkedHashMap<>();
    m.facts().forEach(f -> facts.put(f.label(), f.value()));
    p.put("facts", facts);
    p.put("kubectlHint", m.kubectlHint());
    p.put("idempotencyKey", m.idempotencyKey());
    return p;
  }
}

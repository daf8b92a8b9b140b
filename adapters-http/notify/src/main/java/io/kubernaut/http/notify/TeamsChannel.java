package io.kubernaut.http.notify;

import io.kubernaut.ports.notification.RenderedMessage;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Microsoft Teams incoming webhook carrying one Adaptive Card: title, explanation, a FactSet and the kubectl hint. */
final class TeamsChannel extends JsonPostChannel {

  static final String CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

  TeamsChannel(HttpPoster poster, URI url, Duration timeout) {
    super("teams", poster, url, Map.of(), timeout);
  }

  @Override
  Map<String, Object> document(RenderedMessage m) {
    return payload(m);
  }

  static Map<String, Object> payload(RenderedMessage m) {
    List<Object> body = new ArrayList<>();
    body.add(Map.of("type", "TextBlock", "text", m.title(), "weight", "Bolder", "size", "Medium", "wrap", true));
    if (!m.text().isBlank()) {
      body.add(Map.of("type", "TextBlock", "text", m.text(), "wrap", true));
    }
    body.add(Map.of("type", "FactSet", "facts",
        m.facts().stream().map(f -> Map.of("title", f.label(), "value", f.value())).toList()));
    body.add(Map.of("type", "TextBlock", "text", m.kubectlHint(), "fontType", "Monospace", "wrap", true));
    Map<String, Object> card = Map.of(
        "$schema", "http://adaptivecards.io/schemas/adaptive-card.json",
        "type", "AdaptiveCard",
        "version", "1.4",
        "body", body);
    Map<String, Object> attachment = new HashMap<>();
    attachment.put("contentType", CARD_CONTENT_TYPE);
    attachment.put("contentUrl", null);
    attachment.put("content", card);
    return Map.of("type", "message", "attachments", List.of(attachment));
  }
}

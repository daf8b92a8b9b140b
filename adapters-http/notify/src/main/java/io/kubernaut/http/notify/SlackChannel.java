package io.kubernaut.http.notify;

import io.kubernaut.ports.notification.RenderedMessage;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Slack incoming webhook with Block Kit: header, explanation, a field per fact, and the kubectl hint. */
final class SlackChannel extends JsonPostChannel {

  private static final int MAX_FIELDS = 10;
  private static final int MAX_HEADER = 150;
  private static final int MAX_SECTION = 3000;

  SlackChannel(HttpPoster poster, URI url, Duration timeout) {
    super("slack", poster, url, Map.of(), timeout);
  }

  @Override
  Map<String, Object> document(RenderedMessage m) {
    return payload(m);
  }

  static Map<String, Object> payload(RenderedMessage m) {
    List<Object> blocks = new ArrayList<>();
    blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text", "text", cut(m.title(), MAX_HEADER))));
    if (!m.text().isBlank()) {
      blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", cut(escape(m.text()), MAX_SECTION))));
    }
    List<Object> fields = new ArrayList<>();
    for (RenderedMessage.Fact f : m.facts().subList(0, Math.min(MAX_FIELDS, m.facts().size()))) {
      fields.add(Map.of("type", "mrkdwn", "text", "*" + escape(f.label()) + "*\n" + escape(f.value())));
    }
    if (!fields.isEmpty()) {
      blocks.add(Map.of("type", "section", "fields", fields));
    }
    blocks.add(Map.of("type", "context", "elements",
        List.of(Map.of("type", "mrkdwn", "text", "`" + escape(m.kubectlHint()) + "`"))));
    return Map.of("text", escape(m.title() + " (" + m.trackingId() + ")"), "blocks", blocks);
  }

  /** Slack's three control characters in mrkdwn. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}

package io.kubernaut.http.notify;

import io.kubernaut.ports.notification.RenderedMessage;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Microsoft Teams incoming webhook carrying one Adaptive Card: title, explanation, a FactSet and the kubectl hint. Teams
 * renders Markdown in text blocks and facts, so every text (much of it from the alert) has its Markdown escaped: a link
 * such as {@code [Approve](https://…)} in an alert name would otherwise show as a link inside a real approval request.
 */
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
    body.add(Map.of("type", "TextBlock", "text", plain(m.title()), "weight", "Bolder", "size", "Medium", "wrap", true));
    if (!m.text().isBlank()) {
      body.add(Map.of("type", "TextBlock", "text", plain(m.text()), "wrap", true));
    }
    body.add(Map.of("type", "FactSet", "facts",
        m.facts().stream().map(f -> Map.of("title", plain(f.label()), "value", plain(f.value()))).toList()));
    body.add(Map.of("type", "TextBlock", "text", plain(m.kubectlHint()), "fontType", "Monospace", "wrap", true));
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

  /**
   * The punctuation of Markdown's links, autolinks, emphasis and code, backslash-escaped as CommonMark reads it: shown
   * as written, never as a link or a style.
   */
  private static final java.util.regex.Pattern MARKDOWN = java.util.regex.Pattern.compile("[\\\\`*_\\[\\]()#~<>]");

  /** {@code text} with its Markdown escaped, so that Teams shows it as written. */
  static String plain(String text) {
    return MARKDOWN.matcher(text).replaceAll(r -> "\\\\" + java.util.regex.Matcher.quoteReplacement(r.group()));
  }
}

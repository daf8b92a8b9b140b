package io.kubernaut.http.notify;

import io.kubernaut.ports.notification.DeliveryResult;
import io.kubernaut.ports.notification.RenderedMessage;
import io.kubernaut.ports.out.NotificationChannel;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** A channel that POSTs one JSON document per message; subclasses say only how the document looks. */
abstract class JsonPostChannel implements NotificationChannel {

  private final String kind;
  private final HttpPoster poster;
  private final URI url;
  private final Map<String, String> headers;
  private final Duration timeout;

  JsonPostChannel(String kind, HttpPoster poster, URI url, Map<String, String> headers, Duration timeout) {
    this.kind = kind;
    this.poster = poster;
    this.url = url;
    this.headers = Map.copyOf(headers);
    this.timeout = timeout;
  }

  /** The JSON document for {@code message}. */
  abstract Map<String, Object> document(RenderedMessage message);

  @Override
  public final String kind() {
    return kind;
  }

  @Override
  public final DeliveryResult deliver(RenderedMessage m) {
    return poster.post(url, document(m), headers, timeout);
  }
}

package io.kubernaut.http;

import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.out.Notifier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier until the notification channels land: it logs each notification once per
 * idempotency key (the last {@value #REMEMBERED_KEYS} keys are remembered).
 */
final class LoggingNotifier implements Notifier {

  private static final Logger LOG = LoggerFactory.getLogger(LoggingNotifier.class);
  static final int REMEMBERED_KEYS = 10_000;

  private final Map<String, Boolean> sent = new LinkedHashMap<>(16, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_KEYS;
    }
  };

  @Override
  public void notify(Notification n) {
    synchronized (sent) {
      if (sent.putIfAbsent(n.idempotencyKey(), Boolean.TRUE) != null) {
        LOG.debug("Notification {} was already sent; skipping", n.idempotencyKey());
        return;
      }
    }
    LOG.warn("NOTIFY {} [{}] {} — {} {}", n.type(), n.remediationName(), n.title(), n.body(), n.details());
  }
}

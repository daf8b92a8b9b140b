package io.kubernaut.app;

import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.out.Notifier;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The log channel: every notification as one log line, at most once per idempotency key. */
final class LoggingNotifier implements Notifier {

  private static final Logger LOG = LoggerFactory.getLogger(LoggingNotifier.class);
  private final Set<String> sent = ConcurrentHashMap.newKeySet();

  @Override
  public void notify(Notification n) {
    if (sent.add(n.idempotencyKey())) {
      LOG.info("NOTIFY {} [{}] {} — {} (fingerprint {}, {} {})", n.type(), n.remediationName(), n.title(), n.body(),
          n.fingerprint().isEmpty() ? "-" : n.fingerprint().substring(0, Math.min(10, n.fingerprint().length())),
          n.environment(), n.phase());
    }
  }
}

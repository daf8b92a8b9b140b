package io.kubernaut.http.notify;

import io.kubernaut.ports.notification.DeliveryResult;
import io.kubernaut.ports.notification.RenderedMessage;
import io.kubernaut.ports.out.NotificationChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Writes the message to the operator log (the embedded-mode default), with the remediation id and fingerprint in the MDC. */
final class LogChannel implements NotificationChannel {

  private static final Logger LOG = LoggerFactory.getLogger(LogChannel.class);

  private final boolean warn;

  LogChannel(boolean warn) {
    this.warn = warn;
  }

  @Override
  public String kind() {
    return "log";
  }

  @Override
  public DeliveryResult deliver(RenderedMessage m) {
    try (MDC.MDCCloseable id = MDC.putCloseable("remediation", m.trackingId());
        MDC.MDCCloseable fp = MDC.putCloseable("fingerprint", m.fingerprint())) {
      String line = "Notification {} for {}: {} | {} | {} | {}";
      Object[] args = {m.type(), m.trackingId(), m.title(), m.text().replace('\n', ' '), m.facts(), m.kubectlHint()};
      if (warn) {
        LOG.warn(line, args);
      } else {
        LOG.info(line, args);
      }
    }
    return DeliveryResult.delivered("logged");
  }
}

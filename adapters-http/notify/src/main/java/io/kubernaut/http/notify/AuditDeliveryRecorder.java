package io.kubernaut.http.notify;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEventType;
import io.kubernaut.ports.audit.AuditKeys;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.notification.DeliveryAttempt;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.out.DeliveryRecorder;
import io.kubernaut.ports.signal.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every delivery attempt as a {@link AuditEventType#NOTIFICATION} audit event, keyed
 * {@code <remediation>/notification/<idempotency key>/<channel>/<attempt>} so a replayed record is
 * stored once. The audit trail needs a real fingerprint: attempts of notifications without one
 * (ad-hoc posts to {@code /api/v1/notify}) are only logged.
 */
final class AuditDeliveryRecorder implements DeliveryRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(AuditDeliveryRecorder.class);
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private final AuditTrail trail;

  AuditDeliveryRecorder(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  public void record(DeliveryAttempt a) {
    String delivery = a.result().delivered() ? "Sent" : "Failed";
    LOG.debug("Notification {} attempt {} on {}: {} {}", a.deliveryId(), a.attempt(), a.channel(), delivery,
        a.result().detail());
    if (!HEX64.matcher(a.message().fingerprint()).matches()) {
      return;
    }
    Map<String, String> p = new LinkedHashMap<>();
    p.put(AuditKeys.NOTIFICATION_TYPE, a.message().type().name());
    p.put(AuditKeys.CHANNEL, a.channel());
    p.put(AuditKeys.DELIVERY, delivery);
    p.put("receiver", a.receiver());
    p.put("attempt", Integer.toString(a.attempt()));
    p.put("finalAttempt", Boolean.toString(a.finalAttempt()));
    p.put("deliveryId", a.deliveryId());
    p.put(AuditKeys.MESSAGE, a.result().detail());
    String key = a.message().trackingId() + "/notification/" + a.message().idempotencyKey() + "/" + a.channel()
        + "/" + a.attempt();
    AuditEvent event = new AuditEvent(fit(key), a.message().trackingId(), new Fingerprint(a.message().fingerprint()),
        a.message().namespace(), AuditEventType.NOTIFICATION, a.at(), p);
    if (trail.record(event) == RecordResult.BACKPRESSURE) {
      LOG.warn("The audit trail is full; notification attempt {} of {} on {} was not audited", a.attempt(),
          a.deliveryId(), a.channel());
    }
  }

  /** Keys longer than the store accepts keep their start and end a hash of the whole. */
  private static String fit(String key) {
    if (key.length() <= AuditEvent.MAX_KEY_LENGTH) {
      return key;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return key.substring(0, 400) + "#" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

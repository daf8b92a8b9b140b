package io.kubernaut.http.notify;

import io.kubernaut.ports.in.ComposeMessage;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationReceipt;
import io.kubernaut.ports.notification.RenderedMessage;
import io.kubernaut.ports.out.Notifier;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Notifier}: suppresses replays by idempotency key, composes (and so redacts) the
 * message, routes it, and hands one task per channel to that channel's lane. It does CPU work only
 * and never waits on the network; delivery, retries and the breakers run on the lanes.
 */
final class AsyncNotifier implements Notifier {

  private static final Logger LOG = LoggerFactory.getLogger(AsyncNotifier.class);

  private final LiveRouting routing;
  private final ComposeMessage composer;
  private final RecentKeys recent;
  private final NotificationMetrics metrics;

  AsyncNotifier(LiveRouting routing, ComposeMessage composer, NotificationMetrics metrics) {
    this.routing = routing;
    this.composer = composer;
    this.metrics = metrics;
    this.recent = new RecentKeys(routing.current().policy().dedupCapacity());
  }

  @Override
  public void notify(Notification notification) {
    try {
      submit(notification);
    } catch (RuntimeException e) {
      LOG.error("Notification {} for {} could not be queued", notification.type(), notification.remediationName(), e);
    }
  }

  /** Queues the notification on every routed channel, unless its idempotency key was seen recently. */
  @Override
  public NotificationReceipt submit(Notification notification) {
    String deliveryId = UUID.randomUUID().toString();
    String earlier = recent.putIfAbsent(notification.idempotencyKey(), deliveryId);
    if (earlier != null) {
      metrics.duplicate();
      LOG.debug("Notification {} already delivered as {}; replay ignored", notification.idempotencyKey(), earlier);
      return new NotificationReceipt(earlier, true, List.of());
    }
    RenderedMessage message = composer.compose(notification);
    LiveRouting.Snapshot snapshot = routing.current();
    List<String> receivers = snapshot.table().receiversFor(notification);
    for (String receiver : receivers) {
      for (ChannelLane lane : snapshot.lanes().getOrDefault(receiver, List.of())) {
        lane.offer(new ChannelLane.Task(deliveryId, message, 1));
      }
    }
    LOG.info("Notification {} for {} queued as {} to {}", notification.type(), message.trackingId(), deliveryId,
        receivers);
    return new NotificationReceipt(deliveryId, false, receivers);
  }
}

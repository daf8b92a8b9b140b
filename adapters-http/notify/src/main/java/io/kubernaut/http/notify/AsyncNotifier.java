package io.kubernaut.http.notify;

import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.in.ComposeMessage;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationReceipt;
import io.kubernaut.ports.notification.RenderedMessage;
import io.kubernaut.ports.out.Notifier;
import java.util.ArrayList;
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
    } catch (RetryableException notQueued) {
      // Every channel full (each has warned and counted its drop too), or a replay while its first is being queued:
      // the pipeline does not retry a notification, so it is said once here.
      LOG.warn("Notification {} for {} was not queued: {}", notification.type(), notification.remediationName(),
          notQueued.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      // Never thrown at the pipeline: a notification must not fail (or, thrown past the reconciler as an Error, stall) the
      // remediation it is about.
      LOG.error("Notification {} for {} could not be queued", notification.type(), notification.remediationName(), e);
    }
  }

  /**
   * Queues the notification on every routed channel, unless its idempotency key was seen recently. A key is
   * remembered as sent only once a channel has queued its message: a submit that fails forgets it (so that the
   * sender's retry is sent), and a replay that comes while the first is still being queued is told to retry.
   */
  @Override
  public NotificationReceipt submit(Notification notification) {
    String key = notification.idempotencyKey();
    String deliveryId = UUID.randomUUID().toString();
    RecentKeys.Earlier earlier = recent.claim(key, deliveryId);
    if (earlier != null && earlier.pending()) {
      throw new RetryableException("A notification with this idempotency key is being queued right now; retry later.");
    }
    if (earlier != null) {
      metrics.duplicate();
      LOG.debug("Notification {} already delivered as {}; replay ignored", key, earlier.deliveryId());
      return new NotificationReceipt(earlier.deliveryId(), true, List.of());
    }
    try {
      NotificationReceipt receipt = queue(notification, deliveryId);
      recent.settle(key, deliveryId);
      return receipt;
    } catch (RuntimeException | StackOverflowError notQueued) {
      // Queued nowhere (every channel full, or the message could not be composed): a retry is sent, not a duplicate.
      recent.forget(key, deliveryId);
      throw notQueued;
    }
  }

  private NotificationReceipt queue(Notification notification, String deliveryId) {
    RenderedMessage message = composer.compose(notification);
    LiveRouting.Snapshot snapshot = routing.current();
    List<String> routed = snapshot.table().receiversFor(notification);
    List<String> receivers = new ArrayList<>(routed.size());
    int lanes = 0;
    for (String receiver : routed) {
      List<ChannelLane> channels = snapshot.lanes().getOrDefault(receiver, List.of());
      boolean taken = false;
      for (ChannelLane lane : channels) {
        lanes++;
        taken |= lane.offer(new ChannelLane.Task(deliveryId, message, 1));
      }
      if (taken) {
        receivers.add(receiver);
      }
    }
    if (lanes > 0 && receivers.isEmpty()) {
      throw new RetryableException("Every channel routed for this notification is full (" + routed
          + "), so nothing was queued; retry later.");
    }
    LOG.info("Notification {} for {} queued as {} to {}", notification.type(), message.trackingId(), deliveryId,
        receivers);
    return new NotificationReceipt(deliveryId, false, receivers);
  }
}

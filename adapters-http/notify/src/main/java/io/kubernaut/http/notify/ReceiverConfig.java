package io.kubernaut.http.notify;

import io.kubernaut.ports.out.NotificationChannel;
import java.util.List;

/** A named receiver and the channels it delivers to, credentials resolved. */
record ReceiverConfig(String name, List<NamedChannel> channels) {

  /** A channel with its stable id, {@code <receiver>/<kind>[<index>]}, used for breakers and metrics. */
  record NamedChannel(String id, NotificationChannel channel) {}
}

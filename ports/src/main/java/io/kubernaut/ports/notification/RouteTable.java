package io.kubernaut.ports.notification;

import java.util.List;

/** A validated route tree, ready to answer which receivers get a notification. Immutable and thread-safe. */
public interface RouteTable {

  /** The receiver names, in route order and without repeats; never empty (the default receiver at least). */
  List<String> receiversFor(Notification notification);
}

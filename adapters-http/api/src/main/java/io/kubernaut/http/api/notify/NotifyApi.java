package io.kubernaut.http.api.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.out.Notifier;
import java.util.Set;

/** The notification API, the one public entry of this package: {@code POST /api/v1/notify}. */
public final class NotifyApi {

  private NotifyApi() {}

  /** The route group; the notification goes to {@code notifier}, whose receipt is the answer. */
  public static Set<RouteGroup> routes(Notifier notifier, ObjectMapper json) {
    return Set.of(new NotifyRoutes(notifier, json));
  }
}

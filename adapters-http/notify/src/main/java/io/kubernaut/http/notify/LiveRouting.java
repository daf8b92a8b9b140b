package io.kubernaut.http.notify;

import io.kubernaut.ports.failure.CircuitBreaker;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.in.CompileRoutes;
import io.kubernaut.ports.notification.RouteTable;
import io.kubernaut.ports.out.NotificationRouting;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing config in force: route table, receivers with their lanes, and the delivery policy,
 * swapped atomically on {@link #reload}. Circuit breakers and the count of tasks each channel
 * holds are kept per channel id across reloads, so a reload neither resets an open breaker nor
 * lifts the bound on held tasks. Lanes of the old config finish what they queued and hand retries
 * and tasks waiting for the breaker to the new lane of the same channel id.
 */
final class LiveRouting implements NotificationRouting, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveRouting.class);

  /** One installed config. */
  record Snapshot(RouteTable table, Map<String, List<ChannelLane>> lanes, DeliveryPolicy policy) {
    void close() {
      lanes.values().forEach(l -> l.forEach(ChannelLane::close));
    }

    /** Closes every lane, handing what comes back to it to the lane of the same id in {@code next}. */
    void closeInto(Snapshot next) {
      Map<String, ChannelLane> byId = new HashMap<>();
      next.lanes().values().forEach(l -> l.forEach(lane -> byId.put(lane.id(), lane)));
      lanes.values().forEach(l -> l.forEach(lane -> lane.closeInto(byId.get(lane.id()))));
    }
  }

  private final NotifyConfigParser parser;
  private final CompileRoutes compiler;
  private final ChannelLane.Shared shared;
  private final Clock clock;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> held = new ConcurrentHashMap<>();
  private final AtomicReference<Snapshot> current = new AtomicReference<>();

  LiveRouting(NotifyConfigParser parser, CompileRoutes compiler, ChannelLane.Shared shared, Clock clock, String yaml) {
    this.parser = parser;
    this.compiler = compiler;
    this.shared = shared;
    this.clock = clock;
    reload(yaml);
  }

  @Override
  public synchronized void reload(String yaml) {
    Snapshot next;
    try {
      NotifyConfig config = parser.parse(yaml);
      Set<String> names = config.receivers().stream().map(ReceiverConfig::name).collect(Collectors.toSet());
      RouteTable table = compiler.compile(config.route(), names);
      next = new Snapshot(table, lanes(config), config.delivery());
    } catch (IllegalArgumentException e) {
      throw new PermanentException("The notification config was not applied: " + e.getMessage(), e);
    }
    Snapshot old = current.getAndSet(next);
    if (old != null) {
      old.closeInto(next);
    }
    LOG.info("Notification routing installed with receivers {}", next.lanes().keySet());
  }

  private Map<String, List<ChannelLane>> lanes(NotifyConfig config) {
    DeliveryPolicy p = config.delivery();
    Map<String, List<ChannelLane>> lanes = new LinkedHashMap<>();
    for (ReceiverConfig r : config.receivers()) {
      List<ChannelLane> list = new ArrayList<>();
      for (ReceiverConfig.NamedChannel c : r.channels()) {
        CircuitBreaker breaker = breakers.computeIfAbsent(c.id(), id -> {
          CircuitBreaker b = new CircuitBreaker(p.failureThreshold(), p.openFor(), p.closeAfter(), clock);
          shared.metrics().watch(id, c.channel().kind(), b);
          return b;
        });
        AtomicInteger count = held.computeIfAbsent(c.id(), id -> {
          AtomicInteger n = new AtomicInteger();
          shared.metrics().watchHeld(id, c.channel().kind(), n);
          return n;
        });
        list.add(new ChannelLane(r.name(), c, breaker, count, p, shared));
      }
      lanes.put(r.name(), List.copyOf(list));
    }
    return Map.copyOf(lanes);
  }

  Snapshot current() {
    return current.get();
  }

  @Override
  public List<String> receivers() {
    return List.copyOf(current.get().lanes().keySet());
  }

  @Override
  public void close() {
    current.get().close();
  }
}

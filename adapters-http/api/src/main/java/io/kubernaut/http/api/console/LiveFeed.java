package io.kubernaut.http.api.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.sse.SseClient;
import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.board.RemediationRow;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.RemediationBoard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/feed/remediations}: server-sent events for the console's live list. A client
 * first gets {@code snapshot} (every row), then {@code upsert} (rows added or changed) and
 * {@code remove} (names gone) as they happen, {@code unavailable} while the API server cannot be
 * read, a comment every {@link ConsoleApi#FEED_HEARTBEAT}, and {@code renew} as it ends the stream after
 * {@link #MAX_LIFETIME}. One reader serves every client: it
 * reads the board every interval while at least one client is connected, and not at all otherwise.
 *
 * <p>The stream is an ordinary authenticated GET: the console reads it with {@code fetch} and the
 * {@code Authorization} header, so the token never appears in a URL or an access log.
 *
 * <p>A stream lasts at most {@link #MAX_LIFETIME}: its access was checked as it opened, and the console opens
 * it again (with its token) when it ends, so a token that expired or a permission taken away since stops the
 * stream within that time, as it stops every other route within its cache's time. Before, a stream opened once
 * went on for as long as the operator ran.
 *
 * <p>Each client is written to from its own outbox, on a thread of the senders' pool, never by the
 * reader: a client that stops reading blocks only its own writes (until Jetty's idle timeout), and
 * one that falls {@link #MAX_PENDING} events behind is let go. Before, the reader wrote to every
 * client while holding the feed's lock, so one such client stalled every console's feed and every
 * new connection.
 */
final class LiveFeed implements RouteGroup, AutoCloseable {

  static final String PATH = "/api/v1/feed/remediations";
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

  private final RemediationBoard board;
  private final Duration interval;
  private final long heartbeatTicks;
  private final Duration maxLifetime;
  /** How long a stream lasts before the console must open it again, its access checked anew. */
  static final Duration MAX_LIFETIME = Duration.ofSeconds(60);
  /** Events a client may fall behind before it is let go (it reconnects and gets a snapshot). */
  static final int MAX_PENDING = 64;

  private final Set<Outbox> clients = new CopyOnWriteArraySet<>();
  private final java.util.concurrent.ExecutorService senders = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "console-live-feed-sender");
    t.setDaemon(true);
    return t;
  });
  private Map<String, RemediationRow> last;
  private ScheduledExecutorService reader;
  private long ticks;
  private boolean unavailable;

  LiveFeed(RemediationBoard board, Duration interval, Duration heartbeat) {
    this(board, interval, heartbeat, MAX_LIFETIME);
  }

  LiveFeed(RemediationBoard board, Duration interval, Duration heartbeat, Duration maxLifetime) {
    this.board = board;
    this.interval = interval;
    this.heartbeatTicks = Math.max(1, heartbeat.toMillis() / interval.toMillis());
    this.maxLifetime = maxLifetime;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.sse(PATH, this::join, RequiredPermission.of(Permission.REMEDIATIONS_LIST));
  }

  /** Sends the new client every row, then keeps it for the changes. */
  private synchronized void join(SseClient client) {
    client.keepAlive();
    Outbox outbox = new Outbox(client);
    client.onClose(() -> clients.remove(outbox));
    try {
      if (last == null || clients.isEmpty()) {
        last = read();
      }
      outbox.event("snapshot", List.copyOf(last.values()));
    } catch (RetryableException e) {
      outbox.event("unavailable", Map.of("detail", message()));
      // This client has no rows: the next good reading sends every row to all, not only what changed since a
      // reading this client never got.
      unavailable = true;
    }
    clients.add(outbox);
    if (reader == null) {
      reader = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-live-feed");
        t.setDaemon(true);
        return t;
      });
      reader.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** One reading: sends what changed since the last one to every client. */
  private synchronized void tick() {
    clients.removeIf(o -> o.client.terminated());
    long at = System.nanoTime();
    for (Outbox outbox : clients) {
      if (at - outbox.joinedAt >= maxLifetime.toNanos()) {
        clients.remove(outbox); // the console opens it again, and its access is checked again
        outbox.close();
      }
    }
    if (clients.isEmpty()) {
      return;
    }
    try {
      Map<String, RemediationRow> now = read();
      if (unavailable) {
        unavailable = false;
        broadcast("snapshot", List.copyOf(now.values()));
      } else {
        List<RemediationRow> changed = new ArrayList<>();
        now.forEach((name, row) -> {
          if (last == null || !row.equals(last.get(name))) {
            changed.add(row);
          }
        });
        List<String> removed = last == null ? List.of()
            : last.keySet().stream().filter(name -> !now.containsKey(name)).toList();
        if (!changed.isEmpty()) {
          broadcast("upsert", changed);
        }
        if (!removed.isEmpty()) {
          broadcast("remove", removed);
        }
      }
      last = now;
    } catch (RetryableException e) {
      if (!unavailable) {
        LOG.warn("The console's live feed cannot read the remediations: {}", e.getMessage());
        unavailable = true;
        broadcast("unavailable", Map.of("detail", message()));
      }
    } catch (RuntimeException e) {
      LOG.warn("The console's live feed failed to read or send; it retries on the next tick", e);
    }
    if (++ticks % heartbeatTicks == 0) {
      clients.forEach(o -> o.offer(c -> c.sendComment("heartbeat")));
    }
  }

  private void broadcast(String event, Object data) {
    for (Outbox outbox : clients) {
      outbox.event(event, data);
    }
  }

  /** One client's events not yet written, written in order by one sender at a time. */
  private final class Outbox {
    final SseClient client;
    final long joinedAt = System.nanoTime();
    private final java.util.concurrent.ConcurrentLinkedQueue<java.util.function.Consumer<SseClient>> pending =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger size = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean sending = new java.util.concurrent.atomic.AtomicBoolean();

    Outbox(SseClient client) {
      this.client = client;
    }

    void event(String event, Object data) {
      offer(c -> c.sendEvent(event, data));
    }

    /** Ends the stream once what is pending is written, saying so first ({@code renew}: the console opens it again). */
    void close() {
      pending.add(c -> c.sendEvent("renew", Map.of()));
      pending.add(SseClient::close);
      size.addAndGet(2);
      drain();
    }

    void offer(java.util.function.Consumer<SseClient> write) {
      if (size.incrementAndGet() > MAX_PENDING) {
        LOG.info("A console's live feed fell {} events behind (it does not read); it is let go", MAX_PENDING);
        clients.remove(this);
        pending.clear();
        senders.execute(client::close);
        return;
      }
      pending.add(write);
      drain();
    }

    private void drain() {
      if (!sending.compareAndSet(false, true)) {
        return;
      }
      try {
        senders.execute(() -> {
          try {
            for (java.util.function.Consumer<SseClient> write = pending.poll(); write != null; write = pending.poll()) {
              size.decrementAndGet();
              write.accept(client);
            }
          } catch (RuntimeException e) {
            LOG.debug("A console's live feed could not be written; it is let go: {}", e.getMessage());
            clients.remove(this);
          } finally {
            sending.set(false);
            if (!pending.isEmpty()) {
              drain();
            }
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        sending.set(false); // the feed is closing
      }
    }
  }

  private Map<String, RemediationRow> read() {
    Map<String, RemediationRow> rows = new LinkedHashMap<>();
    board.list().forEach(r -> rows.put(r.name(), r));
    return rows;
  }

  /** Ends every stream and the reader; called when the server stops, so open streams do not hold the stop. */
  @Override
  public synchronized void close() {
    if (reader != null) {
      reader.shutdownNow();
      reader = null;
    }
    clients.forEach(o -> o.client.close());
    clients.clear();
    senders.shutdownNow();
    last = null;
  }

  private static String message() {
    return "The Kubernetes API server cannot be read; the list shows the last known state and resumes by itself.";
  }
}

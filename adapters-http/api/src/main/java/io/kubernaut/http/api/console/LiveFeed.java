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
 * read, and a comment every {@link ConsoleApi#FEED_HEARTBEAT}. One reader serves every client: it
 * reads the board every interval while at least one client is connected, and not at all otherwise.
 *
 * <p>The stream is an ordinary authenticated GET: the console reads it with {@code fetch} and the
 * {@code Authorization} header, so the token never appears in a URL or an access log.
 */
final class LiveFeed implements RouteGroup, AutoCloseable {

  static final String PATH = "/api/v1/feed/remediations";
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

  private final RemediationBoard board;
  private final Duration interval;
  private final long heartbeatTicks;
  private final Set<SseClient> clients = new CopyOnWriteArraySet<>();
  private Map<String, RemediationRow> last;
  private ScheduledExecutorService reader;
  private long ticks;
  private boolean unavailable;

  LiveFeed(RemediationBoard board, Duration interval, Duration heartbeat) {
    this.board = board;
    this.interval = interval;
    this.heartbeatTicks = Math.max(1, heartbeat.toMillis() / interval.toMillis());
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.sse(PATH, this::join, RequiredPermission.of(Permission.REMEDIATIONS_LIST));
  }

  /** Sends the new client every row, then keeps it for the changes. */
  private synchronized void join(SseClient client) {
    client.keepAlive();
    client.onClose(() -> clients.remove(client));
    try {
      if (last == null || clients.isEmpty()) {
        last = read();
      }
      client.sendEvent("snapshot", List.copyOf(last.values()));
    } catch (RetryableException e) {
      client.sendEvent("unavailable", Map.of("detail", message()));
      // This client has no rows: the next good reading sends every row to all, not only what changed since a
      // reading this client never got.
      unavailable = true;
    }
    clients.add(client);
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
    clients.removeIf(SseClient::terminated);
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
      clients.forEach(c -> c.sendComment("heartbeat"));
    }
  }

  private void broadcast(String event, Object data) {
    for (SseClient client : clients) {
      client.sendEvent(event, data);
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
    clients.forEach(SseClient::close);
    clients.clear();
    last = null;
  }

  private static String message() {
    return "The Kubernetes API server cannot be read; the list shows the last known state and resumes by itself.";
  }
}

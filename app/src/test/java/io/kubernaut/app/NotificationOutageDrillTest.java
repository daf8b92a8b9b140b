package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #10's drill: the notification endpoints fail for a real 60 s, and afterwards every
 * notification is delivered exactly once while the circuit breakers open and close.
 *
 * <p>The operator runs embedded with the default delivery policy (5 attempts, 2 s doubling
 * backoff, breaker threshold 5, open for 60 s, closed after 2 trials). One receiver has four
 * channels on two local HTTP servers: a Slack and a webhook channel on a server that answers 503
 * for 60 s, and a Slack and a webhook channel on a server that is stopped for the same 60 s, so
 * every connection is refused. Twenty notifications are posted to {@code /api/v1/notify} during
 * the outage, one a second. The breakers are watched as an SRE would, through {@code /metrics}.
 */
@Tag("drill")
class NotificationOutageDrillTest {

  private static final Duration OUTAGE = Duration.ofSeconds(60);
  private static final int NOTIFICATIONS = 20;
  private static final Pattern TRACKING_ID = Pattern.compile("outage-drill-\\d\\d");
  private static final Pattern GAUGE = Pattern.compile("^(\\w+)\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);
  private static final Pattern CHANNEL = Pattern.compile("channel=\"([^\"]+)\"");
  private static final List<String> CHANNELS =
      List.of("drill/slack[0]", "drill/slack[1]", "drill/webhook[0]", "drill/webhook[1]");

  @TempDir
  Path dir;

  /** A local endpoint that records every request it answers: 503 until a given instant, then 200. */
  static final class Receiver implements AutoCloseable {

    /** One answered request. */
    record Hit(String path, int status, String trackingId, Instant at) {}

    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final int port;
    private volatile Instant failUntil = Instant.MIN;
    private volatile HttpServer server;

    Receiver() throws IOException {
      server = listen(0);
      port = server.getAddress().getPort();
    }

    private HttpServer listen(int on) throws IOException {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", on), 0);
      s.setExecutor(Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "drill-receiver");
        t.setDaemon(true);
        return t;
      }));
      s.createContext("/", this::answer);
      s.start();
      return s;
    }

    private void answer(HttpExchange ex) throws IOException {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Matcher id = TRACKING_ID.matcher(body);
      Instant now = Instant.now();
      int status = now.isBefore(failUntil) ? 503 : 200;
      hits.add(new Hit(ex.getRequestURI().getPath(), status, id.find() ? id.group() : "", now));
      ex.sendResponseHeaders(status, -1);
      ex.close();
    }

    String url(String path) {
      return "http://127.0.0.1:" + port + path;
    }

    void failUntil(Instant until) {
      failUntil = until;
    }

    /** Stops listening: every connection is refused. */
    void stop() {
      server.stop(0);
    }

    /** Listens again on the same port. */
    void restart() throws Exception {
      for (int i = 0; ; i++) {
        try {
          server = listen(port);
          return;
        } catch (BindException e) {
          if (i == 50) {
            throw e;
          }
          Thread.sleep(100);
        }
      }
    }

    long count(String path, int status) {
      return hits.stream().filter(h -> h.path().equals(path) && h.status() == status).count();
    }

    /** How often each tracking id was answered 200 on {@code path}. */
    Map<String, Long> delivered(String path) {
      return hits.stream().filter(h -> h.path().equals(path) && h.status() == 200)
          .collect(Collectors.groupingBy(Hit::trackingId, TreeMap::new, Collectors.counting()));
    }

    Instant lastDelivery() {
      return hits.stream().filter(h -> h.status() == 200).map(Hit::at).max(Instant::compareTo).orElse(Instant.MIN);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** Scrapes {@code /metrics} every 200 ms and keeps when each channel's breaker was first seen open and closed again. */
  static final class BreakerWatcher implements AutoCloseable {

    private final EmbeddedApp app;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    final Map<String, Instant> opened = new ConcurrentHashMap<>();
    final Map<String, Instant> halfOpened = new ConcurrentHashMap<>();
    final Map<String, Instant> closed = new ConcurrentHashMap<>();

    BreakerWatcher(EmbeddedApp app) {
      this.app = app;
      poller.scheduleWithFixedDelay(this::scrape, 0, 200, TimeUnit.MILLISECONDS);
    }

    private void scrape() {
      try {
        Instant now = Instant.now();
        gauges(app, "kubernaut_notification_circuit_breaker_state").forEach((channel, state) -> {
          if (state == 2.0) {
            opened.putIfAbsent(channel, now);
          } else if (state == 1.0 && opened.containsKey(channel)) {
            halfOpened.putIfAbsent(channel, now);
          } else if (state == 0.0 && opened.containsKey(channel)) {
            closed.putIfAbsent(channel, now);
          }
        });
      } catch (Exception e) {
        // the next scrape tries again
      }
    }

    @Override
    public void close() {
      poller.shutdownNow();
    }
  }

  /** The value per drill channel of a meter on {@code /metrics}. */
  static Map<String, Double> gauges(EmbeddedApp app, String name) throws Exception {
    String text = app.get("/metrics").body();
    Map<String, Double> values = new TreeMap<>();
    Matcher m = GAUGE.matcher(text);
    while (m.find()) {
      Matcher channel = CHANNEL.matcher(m.group(2));
      if (m.group(1).equals(name) && channel.find() && channel.group(1).startsWith("drill/")) {
        values.merge(channel.group(1), Double.parseDouble(m.group(3)), Double::sum);
      }
    }
    return values;
  }

  private static String notification(int i) {
    return """
        {"type": "FAILED", "remediation": "outage-drill-%02d", "environment": "production", "severity": "critical",
         "namespace": "shop-prod", "phase": "Executing", "title": "Rollout failed"}
        """.formatted(i);
  }

  @Test
  void notificationsSentDuringASixtySecondOutageAreAllDeliveredOnceAndTheBreakersOpenAndClose() throws Exception {
    try (Receiver answers503 = new Receiver(); Receiver refuses = new Receiver()) {
      Path config = Files.writeString(dir.resolve("notify.yaml"), """
          route:
            receiver: drill
          receivers:
            - name: drill
              slackConfigs:
                - url: %s
                - url: %s
              webhookConfigs:
                - url: %s
                - url: %s
          """.formatted(answers503.url("/slack"), refuses.url("/slack"), answers503.url("/hook"), refuses.url("/hook")));
      try (EmbeddedApp app = EmbeddedApp.start(dir.resolve("op"), Map.of("KUBERNAUT_NOTIFY_CONFIG", config.toString()));
          BreakerWatcher breakers = new BreakerWatcher(app)) {
        Instant outageStart = Instant.now();
        Instant outageEnd = outageStart.plus(OUTAGE);
        answers503.failUntil(outageEnd);
        refuses.stop();
        Thread.sleep(2_000);

        for (int i = 1; i <= NOTIFICATIONS; i++) {
          HttpResponse<String> r = app.post("/api/v1/notify", notification(i));
          assertThat(r.statusCode()).isEqualTo(202);
          assertThat(r.body()).contains("\"duplicate\":false");
          Thread.sleep(1_000);
        }
        HttpResponse<String> replay = app.post("/api/v1/notify", notification(1));
        assertThat(replay.body()).as("a replay of the same notification is suppressed").contains("\"duplicate\":true");

        // Mid-outage, as an SRE sees it: every breaker open, every message still held, none given up.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() ->
            gauges(app, "kubernaut_notification_circuit_breaker_state").equals(all(2.0)));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() ->
            gauges(app, "kubernaut_notification_deliveries_pending").equals(all((double) NOTIFICATIONS)));
        assertThat(Instant.now()).as("the mid-outage checks ran during the outage").isBefore(outageEnd);
        assertThat(gauges(app, "kubernaut_notification_delivery_failures_total")).isEmpty();
        assertThat(answers503.count("/slack", 200) + answers503.count("/hook", 200)).isZero();

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), outageEnd).toMillis()));
        refuses.restart();
        Instant recovered = Instant.now();

        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(250)).until(() ->
            answers503.delivered("/slack").size() == NOTIFICATIONS && answers503.delivered("/hook").size() == NOTIFICATIONS
                && refuses.delivered("/slack").size() == NOTIFICATIONS && refuses.delivered("/hook").size() == NOTIFICATIONS);
        Instant allDelivered = answers503.lastDelivery().isAfter(refuses.lastDelivery())
            ? answers503.lastDelivery() : refuses.lastDelivery();
        await().atMost(Duration.ofSeconds(10)).until(() -> CHANNELS.stream().allMatch(breakers.closed::containsKey));
        Thread.sleep(2_000); // anything sent twice would arrive now

        for (Receiver r : List.of(answers503, refuses)) {
          for (String path : List.of("/slack", "/hook")) {
            assertThat(r.delivered(path)).as("every notification delivered exactly once on " + path)
                .hasSize(NOTIFICATIONS).allSatisfy((id, times) -> assertThat(times).isEqualTo(1L));
          }
        }
        assertThat(gauges(app, "kubernaut_notification_delivery_failures_total")).as("nothing given up or dropped")
            .isEmpty();
        assertThat(gauges(app, "kubernaut_notification_deliveries_pending")).isEqualTo(all(0.0));
        assertThat(gauges(app, "kubernaut_notification_circuit_breaker_state")).isEqualTo(all(0.0));

        Map<String, Double> failedAttempts = attempts(app, "transient_failure");
        long hits503 = answers503.count("/slack", 503) + answers503.count("/hook", 503);
        assertThat(hits503).as("the 503 server counts the same failed attempts as the metrics")
            .isEqualTo((long) (failedAttempts.get("drill/slack[0]") + failedAttempts.get("drill/webhook[0]")));
        // Without the breaker each channel would see up to 20 x 5 attempts; with it, the threshold
        // (5) opens it and the half-open trial comes after the recovery.
        assertThat(failedAttempts).as("the breaker limited the failed attempts per channel")
            .allSatisfy((channel, n) -> assertThat(n).isBetween(5.0, 10.0));
        assertThat(attempts(app, "delivered")).isEqualTo(all((double) NOTIFICATIONS));
        assertThat(gauges(app, "kubernaut_notification_circuit_breaker_refusals_total"))
            .allSatisfy((channel, n) -> assertThat(n).isGreaterThanOrEqualTo(NOTIFICATIONS - 5));
        for (String channel : CHANNELS) {
          assertThat(breakers.opened.get(channel)).isBetween(outageStart, outageEnd);
          assertThat(breakers.closed.get(channel)).isAfter(outageEnd);
        }

        System.out.printf("NOTIFICATION OUTAGE DRILL: %d notifications x %d channels, outage %d s%n", NOTIFICATIONS,
            CHANNELS.size(), OUTAGE.toSeconds());
        System.out.printf("  failed attempts per channel during the outage: %s (503 server saw %d requests)%n",
            failedAttempts, hits503);
        System.out.printf("  breaker refusals per channel: %s%n",
            gauges(app, "kubernaut_notification_circuit_breaker_refusals_total"));
        System.out.printf("  recovery to all delivered: %d ms%n", Duration.between(recovered, allDelivered).toMillis());
        for (String channel : CHANNELS) {
          System.out.printf("  %s: open at +%d ms, half-open seen at %s, closed seen at +%d ms (outage ended at +%d ms)%n",
              channel, since(outageStart, breakers.opened.get(channel)),
              breakers.halfOpened.containsKey(channel) ? "+" + since(outageStart, breakers.halfOpened.get(channel)) + " ms"
                  : "(between scrapes)",
              since(outageStart, breakers.closed.get(channel)), OUTAGE.toMillis());
        }
      }
    }
  }

  private static Map<String, Double> all(double value) {
    return CHANNELS.stream().collect(Collectors.toMap(Function.identity(), c -> value, (a, b) -> a, TreeMap::new));
  }

  private static Map<String, Double> attempts(EmbeddedApp app, String outcome) throws Exception {
    String text = app.get("/metrics").body();
    Map<String, Double> values = new TreeMap<>();
    Matcher m = GAUGE.matcher(text);
    while (m.find()) {
      Matcher channel = CHANNEL.matcher(m.group(2));
      if (m.group(1).equals("kubernaut_notification_delivery_attempts_total")
          && m.group(2).contains("outcome=\"" + outcome + "\"") && channel.find() && channel.group(1).startsWith("drill/")) {
        values.merge(channel.group(1), Double.parseDouble(m.group(3)), Double::sum);
      }
    }
    return values;
  }

  private static long since(Instant start, Instant at) {
    return Duration.between(start, at).toMillis();
  }
}

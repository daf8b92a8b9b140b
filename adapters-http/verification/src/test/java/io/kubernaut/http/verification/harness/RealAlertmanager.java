package io.kubernaut.http.verification.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}, API v2) with gossip off
 * ({@code --cluster.listen-address=}), grouping by alert name with a 1 s group wait and interval.
 * Without a webhook its one receiver delivers nowhere; with one it posts to that URL with
 * {@code send_resolved: true} and the bearer token, as the README's receiver config does.
 */
public final class RealAlertmanager extends MonitoringProcess {

  private RealAlertmanager() {
    super("prometheus-alertmanager", "kubernaut-alertmanager-");
  }

  /** An Alertmanager whose receiver delivers nowhere. */
  public static RealAlertmanager start() {
    return start(Optional.empty(), "");
  }

  /**
   * An Alertmanager whose receiver posts to {@code webhook} (e.g. the operator's
   * {@code /api/v1/signals/prometheus}) with {@code send_resolved: true} and {@code token} as its
   * bearer credentials.
   */
  public static RealAlertmanager start(Optional<URI> webhook, String token) {
    binary("prometheus-alertmanager");
    RealAlertmanager alertmanager = new RealAlertmanager();
    try {
      String receiver = webhook.map(url -> """
            - name: kubernaut
              webhook_configs:
                - url: '%s'
                  send_resolved: true
                  max_alerts: 0
                  http_config:
                    authorization:
                      type: Bearer
                      credentials: '%s'
          """.formatted(url, token)).orElse("  - name: kubernaut\n");
      write(alertmanager.dir().resolve("alertmanager.yml"), """
          route:
            receiver: kubernaut
            group_by: ['alertname']
            group_wait: 1s
            group_interval: 1s
            repeat_interval: 1h
          receivers:
          """ + receiver);
      alertmanager.launch(List.of("--config.file=alertmanager.yml", "--storage.path=data",
          "--web.listen-address=" + alertmanager.listenAddress(), "--cluster.listen-address=", "--log.level=warn"));
      return alertmanager;
    } catch (RuntimeException e) {
      alertmanager.close();
      throw e;
    }
  }

  /**
   * Posts alerts in one request to {@code POST /api/v2/alerts}, as Prometheus does; a past
   * {@code endsAt} resolves them. Alertmanager flushes a group at once when an alert started longer
   * than {@code group_wait} ago, so alerts meant to arrive grouped start now.
   */
  public void post(List<Map<String, String>> alerts, Instant startsAt, Optional<Instant> endsAt) {
    String body = alerts.stream().map(labels -> "{\"labels\":" + labels.entrySet().stream()
            .map(e -> json(e.getKey()) + ":" + json(e.getValue())).collect(Collectors.joining(",", "{", "}"))
            + ",\"annotations\":{\"summary\":\"posted by a test\"},\"startsAt\":\"" + startsAt + "\""
            + endsAt.map(e -> ",\"endsAt\":\"" + e + "\"").orElse("") + ",\"generatorURL\":\"http://127.0.0.1/test\"}")
        .collect(Collectors.joining(",", "[", "]"));
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url() + "/api/v2/alerts"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Alertmanager refused the alerts: " + response.statusCode() + " "
          + response.body());
    }
  }

  /** Fires alerts now, in one request (no end: Alertmanager keeps them for its resolve timeout). */
  @SafeVarargs
  public final void fire(Map<String, String>... alerts) {
    post(List.of(alerts), Instant.now(), Optional.empty());
  }

  /** Resolves alerts: the same alerts with an {@code endsAt} in the past. */
  @SafeVarargs
  public final void resolve(Map<String, String>... alerts) {
    post(List.of(alerts), Instant.now().minusSeconds(60), Optional.of(Instant.now().minusMillis(500)));
  }

  /** The body of {@code GET path}, e.g. {@code /api/v2/silences}. */
  public String get(String path) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url() + path)).GET());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("Alertmanager did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}

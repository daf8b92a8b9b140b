package io.kubernaut.http.verification.harness;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny exporter the test controls: {@code GET /metrics} serves every series set here as a gauge
 * in Prometheus's text format, for a {@link RealPrometheus} to scrape every second.
 */
public final class GaugeExporter implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, Double> series = new ConcurrentSkipListMap<>();
  private final AtomicInteger scrapes = new AtomicInteger();

  private GaugeExporter(HttpServer server) {
    this.server = server;
  }

  public static GaugeExporter start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      GaugeExporter exporter = new GaugeExporter(server);
      server.createContext("/metrics", exchange -> {
        exporter.scrapes.incrementAndGet();
        byte[] body = exporter.text().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
      return exporter;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets one series, e.g. {@code set("demo_restarts{namespace=\"shop\",pod=\"web-1\"}", 3)}. */
  public GaugeExporter set(String seriesWithLabels, double value) {
    series.put(seriesWithLabels, value);
    return this;
  }

  /** Stops serving a series (Prometheus marks it stale at the next scrape). */
  public void remove(String seriesWithLabels) {
    series.remove(seriesWithLabels);
  }

  /** {@code host:port} for a scrape config. */
  public String target() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public int scrapes() {
    return scrapes.get();
  }

  private String text() {
    StringBuilder out = new StringBuilder();
    series.keySet().stream().map(s -> s.contains("{") ? s.substring(0, s.indexOf('{')) : s).distinct()
        .forEach(name -> out.append("# TYPE ").append(name).append(" gauge\n"));
    series.forEach((s, v) -> out.append(s).append(' ').append(format(v)).append('\n'));
    return out.toString();
  }

  private static String format(double v) {
    return Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf") : Double.toString(v);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package io.kubernaut.http.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP endpoint on 127.0.0.1 that records every request and answers from a script of
 * statuses (the last one repeats), optionally after a delay.
 */
final class RecordingServer implements AutoCloseable {

  /** One received request. */
  record Request(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  /** A scripted answer. */
  record Answer(int status, String body, Map<String, String> headers, long delayMillis) {
    static Answer of(int status) {
      return new Answer(status, "", Map.of(), 0);
    }
  }

  private final HttpServer server;
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final List<Request> all = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private volatile Answer last = Answer.of(200);

  RecordingServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "recording-server");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          Map.copyOf(exchange.getRequestHeaders()), body);
      all.add(request);
      requests.add(request);
      Answer a = script.poll();
      if (a == null) {
        a = last;
      } else if (script.isEmpty()) {
        last = a;
      }
      if (a.delayMillis() > 0) {
        try {
          Thread.sleep(a.delayMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
      try {
        exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
          }
        }
      } catch (IOException e) {
        // the client gave up (a timeout test)
      } finally {
        exchange.close();
      }
    });
    server.start();
  }

  /** A started server, for field initialisers. */
  static RecordingServer start() {
    try {
      return new RecordingServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Answers these, in order; the last one then repeats. */
  RecordingServer answer(Answer... answers) {
    script.clear();
    script.addAll(List.of(answers));
    return this;
  }

  RecordingServer answer(int... statuses) {
    return answer(java.util.Arrays.stream(statuses).mapToObj(Answer::of).toArray(Answer[]::new));
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** The next request, waiting up to 5 s. */
  Request next() throws InterruptedException {
    Request r = requests.poll(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request arrived within 5 s");
    }
    return r;
  }

  List<Request> all() {
    return List.copyOf(all);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

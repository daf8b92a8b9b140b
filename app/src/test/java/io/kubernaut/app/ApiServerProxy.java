package io.kubernaut.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy between operators and the API server, for fault drills. It logs the request line of
 * every HTTP request that passes, and it can sever the link: either now, or right after the first
 * request that matches a trigger has been handed to the API server in full. A severed link drops
 * every connection and refuses new ones until it is healed, so the operator behind it sees an
 * unreachable API server; the triggering request still lands, but its response never arrives, the
 * worst moment for a crash.
 */
final class ApiServerProxy implements AutoCloseable {

  /** One HTTP request as seen on the wire: method, path with query, and the body read so far. */
  record Request(String method, String path, String body) {

    boolean isWrite() {
      return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }

    boolean isDryRun() {
      return path.contains("dryRun=");
    }
  }

  private static final Pattern REQUEST_LINE =
      Pattern.compile("(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\\S+) HTTP/1\\.1\r\n");
  private static final int WINDOW_LIMIT = 1 << 20;

  private final InetSocketAddress target;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<Request> log = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;
  private volatile boolean severed;
  private volatile Predicate<Request> trigger;
  private volatile CompletableFuture<Request> tripped = new CompletableFuture<>();

  /** Listens on a free loopback port and forwards to {@code targetUrl} (http://host:port). */
  ApiServerProxy(String targetUrl) throws IOException {
    java.net.URI uri = java.net.URI.create(targetUrl);
    this.target = new InetSocketAddress(uri.getHost(), uri.getPort());
    this.listener = listen(0);
    this.port = listener.getLocalPort();
  }

  /** The URL operators connect to. */
  String url() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Severs the link right after the first request for which {@code when} holds has been forwarded
   * whole; the returned future completes with it.
   */
  CompletableFuture<Request> severAfter(Predicate<Request> when) {
    tripped = new CompletableFuture<>();
    trigger = when;
    return tripped;
  }

  /** Severs the link now: every connection drops, new ones are refused. */
  synchronized void sever() {
    severed = true;
    trigger = null;
    closeQuietly(listener);
    sockets.forEach(ApiServerProxy::closeQuietly);
    sockets.clear();
  }

  /** Accepts connections again on the same port. */
  synchronized void heal() throws IOException {
    if (severed) {
      severed = false;
      listener = listen(port);
    }
  }

  private ServerSocket listen(int on) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), on));
    Thread acceptor = new Thread(() -> accept(socket), "api-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return socket;
  }

  private void accept(ServerSocket from) {
    while (!from.isClosed()) {
      try {
        Socket client = from.accept();
        Socket server = new Socket();
        server.connect(target, 2_000);
        synchronized (this) {
          if (severed) {
            closeQuietly(client);
            closeQuietly(server);
            continue;
          }
          sockets.add(client);
          sockets.add(server);
        }
        start(() -> upstream(client, server), "api-proxy-up");
        start(() -> downstream(server, client), "api-proxy-down");
      } catch (IOException e) {
        // closed while severing, or the API server is gone: the caller sees a dropped connection
      }
    }
  }

  /** Client to API server: forwards bytes, logs request lines, and trips the trigger. */
  private void upstream(Socket client, Socket server) {
    StringBuilder window = new StringBuilder();
    int scanned = 0;
    Request tripping = null;
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = client.getInputStream()) {
      OutputStream out = server.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (severed && tripping == null) {
          return;
        }
        out.write(buffer, 0, n);
        out.flush();
        window.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        Matcher m = REQUEST_LINE.matcher(window);
        int last = -1;
        while (m.find(scanned)) {
          log.add(new Request(m.group(1), m.group(2), ""));
          last = m.start();
          scanned = m.end();
        }
        if (last > 0) {
          window.delete(0, last);
          scanned -= last;
        } else if (window.length() > WINDOW_LIMIT) {
          window.setLength(0);
          scanned = 0;
        }
        if (tripping == null) {
          tripping = matchTrigger(window);
        }
        if (tripping != null && complete(window)) {
          severAfterForwarding(client, server, tripping);
          return;
        }
      }
    } catch (IOException e) {
      // the link was severed, or a side hung up
    } finally {
      if (tripping == null) {
        closeQuietly(server);
      }
    }
  }

  private Request matchTrigger(StringBuilder window) {
    Predicate<Request> when = trigger;
    Matcher m = REQUEST_LINE.matcher(window);
    if (when == null || !m.lookingAt()) {
      return null;
    }
    int headersEnd = window.indexOf("\r\n\r\n");
    String body = headersEnd < 0 ? "" : window.substring(headersEnd + 4);
    Request request = new Request(m.group(1), m.group(2), body);
    return when.test(request) ? request : null;
  }

  /** Whether the request at the start of the window has arrived in full. */
  private static boolean complete(StringBuilder window) {
    int headersEnd = window.indexOf("\r\n\r\n");
    if (headersEnd < 0) {
      return false;
    }
    String headers = window.substring(0, headersEnd).toLowerCase(Locale.ROOT);
    int bodyLength = window.length() - headersEnd - 4;
    Matcher length = Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(headers);
    if (length.find()) {
      return bodyLength >= Integer.parseInt(length.group(1));
    }
    if (headers.contains("transfer-encoding: chunked")) {
      return window.indexOf("\r\n0\r\n\r\n", headersEnd) >= 0;
    }
    return true;
  }

  /** The request went through; the caller never hears back and the link goes down. */
  private void severAfterForwarding(Socket client, Socket server, Request request) {
    synchronized (this) {
      severed = true;
      trigger = null;
      closeQuietly(listener);
      for (Socket s : sockets) {
        if (s != server) {
          closeQuietly(s);
        }
      }
      sockets.clear();
    }
    // Give the API server time to read and apply the request before its connection closes too.
    Thread closer = new Thread(() -> {
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      closeQuietly(server);
    }, "api-proxy-late-close");
    closer.setDaemon(true);
    closer.start();
    closeQuietly(client);
    tripped.complete(request);
  }

  /** API server to client: forwards bytes until the link is severed, then discards them. */
  private void downstream(Socket server, Socket client) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = server.getInputStream()) {
      OutputStream out = client.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (!severed) {
          out.write(buffer, 0, n);
          out.flush();
        }
      }
    } catch (IOException e) {
      // severed or hung up
    } finally {
      closeQuietly(client);
    }
  }

  private static void start(Runnable body, String name) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (IOException e) {
      // already closed
    }
  }

  /** Writes that reached the API server, excluding server-side dry runs, whose path matches. */
  List<Request> writes(Pattern path) {
    List<Request> out = new ArrayList<>();
    for (Request r : log) {
      if (r.isWrite() && !r.isDryRun() && path.matcher(r.path()).find()) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public void close() {
    sever();
  }
}

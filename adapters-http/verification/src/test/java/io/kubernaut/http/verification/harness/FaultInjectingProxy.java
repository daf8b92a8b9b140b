package io.kubernaut.http.verification.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network fault injector on loopback in front of a real component (as toxiproxy is): a TCP proxy
 * that passes the bytes through unchanged, or {@link #delay delays} every chunk the component
 * answers (the request still reaches it at once, so a client that gives up has still made its
 * request: a lost answer, as on a slow network), or is {@link #cut} (every open connection reset,
 * every new one reset on accept, as a component that stopped or a network partition). It never
 * answers anything itself: what the client reads comes from the real component.
 */
public final class FaultInjectingProxy implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FaultInjectingProxy.class);

  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile InetSocketAddress target;
  private volatile Duration delay = Duration.ZERO;
  private volatile boolean cut;

  private FaultInjectingProxy() {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "fault-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy on a free loopback port; until {@link #forwardTo} it resets every connection. */
  public static FaultInjectingProxy start() {
    return new FaultInjectingProxy();
  }

  /** Passes connections to {@code url}'s host and port from now on. */
  public FaultInjectingProxy forwardTo(URI url) {
    this.target = new InetSocketAddress(url.getHost(), url.getPort());
    return this;
  }

  /** The base URL to give the client instead of the component's, e.g. {@code http://127.0.0.1:40123}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Holds every chunk the component answers for {@code delay} before passing it on. */
  public void delay(Duration delay) {
    this.delay = delay;
  }

  /** Resets every open connection and every new one, until {@link #heal}. */
  public void cut() {
    cut = true;
    open.forEach(FaultInjectingProxy::reset);
  }

  /** No fault: bytes pass at once again. */
  public void heal() {
    cut = false;
    delay = Duration.ZERO;
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      InetSocketAddress to = target;
      if (cut || to == null) {
        reset(client);
        continue;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(to, 2000);
      } catch (IOException e) {
        reset(client);
        closeQuietly(upstream);
        continue;
      }
      open.add(client);
      open.add(upstream);
      pump(client, upstream, false);
      pump(upstream, client, true);
    }
  }

  /** Copies {@code from} to {@code to}; an answer ({@code answering}) is held for the current delay first. */
  private void pump(Socket from, Socket to, boolean answering) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          Duration hold = delay;
          if (answering && !hold.isZero()) {
            Thread.sleep(hold.toMillis());
          }
          if (cut) {
            break;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        LOG.trace("connection ended: {}", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        open.remove(from);
        open.remove(to);
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "fault-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Closes with a TCP reset, as a peer that went away does. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException e) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // nothing to do
    }
    open.forEach(FaultInjectingProxy::closeQuietly);
  }
}

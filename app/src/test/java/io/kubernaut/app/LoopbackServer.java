package io.kubernaut.app;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A JDK HTTP server on a free loopback port, for the test's stand-ins between the operator and others. */
final class LoopbackServer {

  private LoopbackServer() {}

  /** Starts a server answering every path with {@code handler}. */
  static HttpServer start(HttpHandler handler) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", handler);
    server.start();
    return server;
  }
}

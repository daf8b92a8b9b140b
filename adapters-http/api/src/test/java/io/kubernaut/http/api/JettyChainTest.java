package io.kubernaut.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.jetty.JettyServer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/** What the server leaves out of Javalin's Jetty chain: the per-request statistics nobody reads. */
class JettyChainTest {

  @Test
  void javalinsDefaultServerCountsRequestsInAStatisticsHandlerWhichTheServerTakesOut() {
    Server server = JettyServer.Companion.defaultServer(new QueuedThreadPool());
    assertThat(server.getHandler()).as("Javalin's default server").isInstanceOf(StatisticsHandler.class);

    HttpServer.withoutStatistics(server);

    assertThat(server.getHandler()).isNull(); // Javalin then attaches its servlet context as the only handler
  }
}

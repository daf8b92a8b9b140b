package io.kubernaut.k8s.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import org.junit.jupiter.api.Test;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Starting the embedded API server, as tests and benchmarks do without {@code Main}, bridges JUL to SLF4J. */
class JulBridgeTest {

  @Test
  void startingTheEmbeddedApiServerHandsJavaUtilLoggingToSlf4jInsteadOfTheConsole() throws Exception {
    try (EmbeddedApiServer server = new EmbeddedApiServer(Files.createTempDirectory("jul-bridge"), "kubernaut-system", 0)
        .start()) {
      assertThat(rootHandlers()).as("JUL's root handlers once the server has started")
          .singleElement().isInstanceOf(SLF4JBridgeHandler.class);
      assertThat(server.client().namespaces().withName("kubernaut-system").get()).isNotNull();
    }
  }

  @Test
  void installingTheBridgeAgainKeepsOneHandler() {
    JulBridge.install();
    JulBridge.install();

    assertThat(rootHandlers()).singleElement().isInstanceOf(SLF4JBridgeHandler.class);
  }

  private static Handler[] rootHandlers() {
    Handler[] handlers = LogManager.getLogManager().getLogger("").getHandlers();
    return Arrays.copyOf(handlers, handlers.length);
  }
}

package io.kubernaut.app;

import io.kubernaut.k8s.embedded.JulBridge;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar kubernaut.jar}: reads the environment, starts Kubernaut, stops it gracefully on
 * SIGTERM, and exits (gracefully, status 1) when the replica loses its leader Lease.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    OperatorConfig config;
    try {
      config = OperatorConfig.from(env);
    } catch (IllegalArgumentException e) {
      LoggerFactory.getLogger(Main.class).error("Invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    if (config.mode() == OperatorConfig.Mode.CLUSTER && System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
    JulBridge.install();
    Logger log = LoggerFactory.getLogger(Main.class);
    // The graceful stop and the exit on a lost Lease are in place once the HTTP server answers, while
    // the controllers still list what is in flight.
    Kubernaut kubernaut = Kubernaut.start(config, ClusterDetector.fromEnvironment(env), serving -> {
      try {
        Runtime.getRuntime().addShutdownHook(new Thread(serving::close, "kubernaut-shutdown"));
      } catch (IllegalStateException shuttingDown) { // SIGTERM came while it started: stop now
        serving.close();
        return;
      }
      // A replica that lost its Lease has stopped reconciling; it exits (gracefully, through the hook) and
      // its restart rejoins as a follower, as controller-runtime's managers do.
      serving.whenLeaseLost(() -> {
        log.error("Exiting: this replica lost its leader Lease");
        System.exit(1);
      });
    });
    if (!kubernaut.isClosed()) {
      log.info("Ready for alerts; stop with Ctrl-C");
    }
  }
}

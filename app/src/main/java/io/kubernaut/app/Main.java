package io.kubernaut.app;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** {@code java -jar kubernaut.jar}: reads the environment, starts Kubernaut, stops it gracefully on SIGTERM. */
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
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    Logger log = LoggerFactory.getLogger(Main.class);
    Kubernaut kubernaut = Kubernaut.start(config, ClusterDetector.fromEnvironment(env));
    Runtime.getRuntime().addShutdownHook(new Thread(kubernaut::close, "kubernaut-shutdown"));
    log.info("Ready for alerts; stop with Ctrl-C");
  }
}

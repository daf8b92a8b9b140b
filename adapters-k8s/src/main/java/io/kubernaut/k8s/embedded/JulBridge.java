package io.kubernaut.k8s.embedded;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes java.util.logging (fabric8's mock web server logs through it) to SLF4J, so that the
 * logback configuration decides what is printed, instead of JUL's synchronized ConsoleHandler
 * printing two INFO lines to stderr per API request. Every start path calls it (the operator's
 * start and the embedded API server's start), so tests and benchmarks that start Kubernaut
 * without {@code Main} get it too; the second and later calls do nothing.
 */
public final class JulBridge {

  private JulBridge() {}

  /** Replaces JUL's root handlers by the SLF4J bridge, once per JVM. */
  public static synchronized void install() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}

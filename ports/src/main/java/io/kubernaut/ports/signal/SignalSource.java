package io.kubernaut.ports.signal;

/** Where a signal entered the gateway. */
public enum SignalSource {
  /** An Alertmanager webhook (payload version 4). */
  PROMETHEUS("prometheus"),
  /** A core/v1 Event pushed by an event forwarder. */
  KUBERNETES_EVENT("kubernetes-event");

  private final String wireName;

  SignalSource(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in URLs, labels and metrics. */
  public String wireName() {
    return wireName;
  }
}

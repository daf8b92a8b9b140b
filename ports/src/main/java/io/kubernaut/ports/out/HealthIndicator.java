package io.kubernaut.ports.out;

/** Driven port: one component's readiness, aggregated by {@code /readyz} (ready, degraded or not ready). */
public interface HealthIndicator {

  /** A short component name, e.g. {@code kubernetes} or {@code database}. */
  String component();

  /** The current readiness. */
  Health health();

  /**
   * Whether this component being down takes the replica out of its Service ({@code /readyz}
   * answers 503). True by default: without it the gateway cannot persist alerts. A component the
   * gateway does without for a while (the audit database: events queue and are retried, retention
   * waits for them) answers false, and its outage is reported as a degraded state instead.
   */
  default boolean gatesReadiness() {
    return true;
  }

  /**
   * A readiness answer.
   *
   * @param ready whether the component can serve
   * @param detail a sentence saying why not, or what it is doing
   */
  record Health(boolean ready, String detail) {
    public static Health up(String detail) {
      return new Health(true, detail);
    }

    public static Health down(String detail) {
      return new Health(false, detail);
    }
  }
}

package io.kubernaut.ports.out;

/** Driven port: one component's readiness, aggregated by {@code /readyz}. */
public interface HealthIndicator {

  /** A short component name, e.g. {@code kubernetes} or {@code database}. */
  String component();

  /** The current readiness. */
  Health health();

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

package io.kubernaut.ports.out;

import io.kubernaut.ports.verification.QueryAnswer;

/**
 * Driven port: instant queries against the metrics source (Prometheus's HTTP API). Without a
 * configured source every query answers {@link QueryAnswer.Availability#UNREACHABLE}.
 */
public interface MetricsReader {

  /** Whether a metrics source is configured at all. */
  boolean configured();

  /** Evaluates one PromQL expression at the current time; never throws for a source's failure. */
  QueryAnswer query(String promql);
}

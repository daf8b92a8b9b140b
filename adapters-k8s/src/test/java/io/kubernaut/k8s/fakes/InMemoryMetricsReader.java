package io.kubernaut.k8s.fakes;

import io.kubernaut.ports.out.MetricsReader;
import io.kubernaut.ports.verification.QueryAnswer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A metrics source whose answers the test sets; records every query asked. */
public final class InMemoryMetricsReader implements MetricsReader {

  public final List<String> queries = new CopyOnWriteArrayList<>();
  public volatile boolean configured;
  public volatile Function<String, QueryAnswer> answer = q -> QueryAnswer.unreachable("no answer set");

  @Override
  public boolean configured() {
    return configured;
  }

  @Override
  public QueryAnswer query(String promql) {
    queries.add(promql);
    return configured ? answer.apply(promql) : QueryAnswer.unreachable("no metrics source is configured");
  }
}

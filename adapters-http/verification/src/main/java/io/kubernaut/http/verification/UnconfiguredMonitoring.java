package io.kubernaut.http.verification;

import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.out.AlertStateReader;
import io.kubernaut.ports.out.MetricsReader;
import io.kubernaut.ports.out.SilenceKeeper;
import io.kubernaut.ports.verification.AlertActivity;
import io.kubernaut.ports.verification.QueryAnswer;
import io.kubernaut.ports.verification.Silence;
import io.kubernaut.ports.verification.SilenceRequest;
import java.util.Map;
import java.util.Optional;

/**
 * Stands in for a monitoring API that is not configured (or silences that are off): queries are
 * {@code UNREACHABLE}, alert states {@code UNKNOWN}, silences disabled, each with the reason given.
 */
final class UnconfiguredMonitoring implements MetricsReader, AlertStateReader, SilenceKeeper {

  private final String reason;

  UnconfiguredMonitoring(String reason) {
    this.reason = reason;
  }

  @Override
  public boolean configured() {
    return false;
  }

  @Override
  public QueryAnswer query(String promql) {
    return QueryAnswer.unreachable(reason);
  }

  @Override
  public AlertActivity activity(Map<String, String> labels) {
    return new AlertActivity(AlertActivity.State.UNKNOWN, reason);
  }

  @Override
  public boolean enabled() {
    return false;
  }

  @Override
  public Optional<Silence> find(String remediation) {
    return Optional.empty();
  }

  @Override
  public Silence ensure(SilenceRequest request) {
    throw new PermanentException(reason);
  }

  @Override
  public boolean expire(String remediation) {
    return false;
  }
}

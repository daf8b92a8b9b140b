package io.kubernaut.app;

import dagger.Module;
import dagger.Provides;
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
 * Verification's sources while no Prometheus or Alertmanager adapter is wired: no metrics source
 * (every query UNREACHABLE), no Alertmanager (every alert UNKNOWN) and silences disabled, so
 * monitoring works as without verification checks. The HTTP adapters replace this module.
 */
@Module
final class VerificationSources {

  private VerificationSources() {}

  @Provides
  static MetricsReader noMetricsReader() {
    return new MetricsReader() {
      @Override
      public boolean configured() {
        return false;
      }

      @Override
      public QueryAnswer query(String promql) {
        return QueryAnswer.unreachable("no metrics source is configured (KUBERNAUT_PROMETHEUS_URL)");
      }
    };
  }

  @Provides
  static AlertStateReader noAlertStateReader() {
    return new AlertStateReader() {
      @Override
      public boolean configured() {
        return false;
      }

      @Override
      public AlertActivity activity(Map<String, String> labels) {
        return new AlertActivity(AlertActivity.State.UNKNOWN, "no Alertmanager is configured (KUBERNAUT_ALERTMANAGER_URL)");
      }
    };
  }

  @Provides
  static SilenceKeeper noSilenceKeeper() {
    return new SilenceKeeper() {
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
        throw new IllegalStateException("silences are disabled");
      }

      @Override
      public boolean expire(String remediation) {
        return false;
      }
    };
  }
}

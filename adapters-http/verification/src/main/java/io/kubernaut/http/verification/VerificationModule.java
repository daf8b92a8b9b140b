package io.kubernaut.http.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.Module;
import dagger.Provides;
import io.kubernaut.http.verification.VerificationSettings.Endpoint;
import io.kubernaut.ports.failure.CircuitBreaker;
import io.kubernaut.ports.out.AlertStateReader;
import io.kubernaut.ports.out.MetricsReader;
import io.kubernaut.ports.out.SilenceKeeper;
import java.net.http.HttpClient;
import java.time.Clock;
import javax.inject.Singleton;

/**
 * The monitoring clients' one public Dagger module: {@link MetricsReader} on Prometheus,
 * {@link AlertStateReader} and {@link SilenceKeeper} on Alertmanager, or stand-ins that answer
 * "not configured" when a URL (or silences) is not set.
 *
 * <p>Needs {@link VerificationSettings} and a {@link Clock}.
 */
@Module
public final class VerificationModule {

  private VerificationModule() {}

  @Provides
  @Singleton
  static Monitoring monitoring(VerificationSettings settings, Clock clock) {
    return build(settings, clock);
  }

  @Provides
  static MetricsReader metricsReader(Monitoring monitoring) {
    return monitoring.metrics();
  }

  @Provides
  static AlertStateReader alertStateReader(Monitoring monitoring) {
    return monitoring.alerts();
  }

  @Provides
  static SilenceKeeper silenceKeeper(Monitoring monitoring) {
    return monitoring.silences();
  }

  /** The three ports over one client (and one breaker) per configured API. */
  record Monitoring(MetricsReader metrics, AlertStateReader alerts, SilenceKeeper silences) {}

  static Monitoring build(VerificationSettings settings, Clock clock) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    ObjectMapper json = new ObjectMapper();
    MetricsReader metrics = settings.prometheus()
        .<MetricsReader>map(e -> new PrometheusMetricsReader(client("Prometheus", e, http, settings, clock), json))
        .orElseGet(() -> new UnconfiguredMonitoring("No metrics source is configured (no Prometheus URL)."));
    if (settings.alertmanager().isEmpty()) {
      UnconfiguredMonitoring none = new UnconfiguredMonitoring("No Alertmanager is configured (no Alertmanager URL).");
      return new Monitoring(metrics, none, none);
    }
    ApiClient alertmanager = client("Alertmanager", settings.alertmanager().get(), http, settings, clock);
    SilenceKeeper silences = settings.silences() ? new AlertmanagerSilenceKeeper(alertmanager, json, clock)
        : new UnconfiguredMonitoring("Silences are turned off.");
    return new Monitoring(metrics, new AlertmanagerAlertStateReader(alertmanager, json, clock), silences);
  }

  private static ApiClient client(String service, Endpoint endpoint, HttpClient http, VerificationSettings settings,
      Clock clock) {
    return new ApiClient(service, endpoint, http, settings.timeout(),
        new CircuitBreaker(settings.breaker().failures(), settings.breaker().openFor(), 1, clock));
  }
}

package io.kubernaut.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.kubernaut.ports.in.IngestSignal;
import io.kubernaut.ports.out.HealthIndicator;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.out.TokenReviewer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.inject.Named;
import javax.inject.Singleton;

/** The HTTP adapter's one public Dagger module. Needs {@link HttpSettings}, the use cases and a metrics registry. */
@Module
public abstract class HttpModule {

  private HttpModule() {}

  @Provides
  @Singleton
  static PipelineMetrics pipelineMetrics(PrometheusMeterRegistry registry) {
    return new MicrometerPipelineMetrics(registry);
  }

  @Provides
  @Singleton
  static ObjectMapper objectMapper() {
    return Json.mapper();
  }

  @Provides
  @Singleton
  @Named("http.draining")
  static AtomicBoolean draining() {
    return new AtomicBoolean(false);
  }

  @Provides
  static RequestBodies requestBodies(ObjectMapper mapper, HttpSettings settings) {
    return new RequestBodies(mapper, settings.maxBodyBytes());
  }

  @Provides
  @IntoSet
  static RouteGroup signalRoutes(IngestSignal intake, RequestBodies bodies, HttpSettings settings,
      PrometheusMeterRegistry registry, Clock clock) {
    return new SignalRoutes(intake, bodies, new SignatureVerifier(settings.hmacSecret(), clock),
        settings.maxConcurrentIntake(), registry, clock);
  }

  @Provides
  @IntoSet
  static RouteGroup healthRoutes(Set<HealthIndicator> indicators, PrometheusMeterRegistry registry,
      @Named("http.draining") AtomicBoolean draining) {
    return new HealthRoutes(indicators, registry, draining::get);
  }

  @Provides
  @Singleton
  static HttpServer httpServer(HttpSettings settings, Set<RouteGroup> groups, TokenReviewer reviewer,
      ObjectMapper mapper, @Named("http.draining") AtomicBoolean draining) {
    return new HttpServer(settings, groups, new ApiAuthenticator(settings.apiToken(), reviewer), mapper, draining);
  }
}

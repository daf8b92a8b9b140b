package io.kubernaut.app;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.multibindings.Multibinds;
import io.kubernaut.http.HttpModule;
import io.kubernaut.http.HttpServer;
import io.kubernaut.http.HttpSettings;
import io.kubernaut.ports.in.IngestSignal;
import io.kubernaut.ports.out.HealthIndicator;
import io.kubernaut.ports.out.TokenReviewer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import javax.inject.Singleton;

/**
 * The production HTTP adapter ({@link HttpModule}: Javalin, authentication, request bodies, the
 * signal routes) over an {@link InMemoryIngestSignal}, so the intake can be fuzzed at full speed.
 */
final class IntakeFuzzGateway implements AutoCloseable {

  static final String TOKEN = "fuzz-token";

  final InMemoryIngestSignal intake = new InMemoryIngestSignal();
  private final HttpServer server;
  private final int port;

  IntakeFuzzGateway(int maxBodyBytes, int maxConcurrentIntake) {
    server = DaggerIntakeFuzzGateway_Wiring.builder()
        .httpSettings(new HttpSettings(0, Optional.of(TOKEN), maxBodyBytes, maxConcurrentIntake))
        .intake(intake)
        .reviewer(token -> Optional.empty())
        .registry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .clock(Clock.systemUTC())
        .build()
        .httpServer();
    port = server.start();
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    server.close();
  }

  /** No health indicators: the fuzzed routes do not need them. */
  @Module
  interface NoHealthIndicators {
    @Multibinds
    Set<HealthIndicator> indicators();
  }

  @Singleton
  @Component(modules = {HttpModule.class, NoHealthIndicators.class})
  interface Wiring {
    HttpServer httpServer();

    @Component.Builder
    interface Builder {
      @BindsInstance
      Builder httpSettings(HttpSettings settings);

      @BindsInstance
      Builder intake(IngestSignal intake);

      @BindsInstance
      Builder reviewer(TokenReviewer reviewer);

      @BindsInstance
      Builder registry(PrometheusMeterRegistry registry);

      @BindsInstance
      Builder clock(Clock clock);

      Wiring build();
    }
  }
}

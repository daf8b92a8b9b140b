package io.kubernaut.http.metrics;

import dagger.Module;
import dagger.Provides;
import io.kubernaut.ports.out.PipelineMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import javax.inject.Singleton;

/**
 * The pipeline metrics' one public Dagger module: provides {@link PipelineMetrics}, recorded in the
 * {@link PrometheusMeterRegistry} that the HTTP API scrapes on {@code /metrics}. Needs that registry.
 */
@Module
public final class MetricsModule {

  private MetricsModule() {}

  @Provides
  @Singleton
  static PipelineMetrics pipelineMetrics(PrometheusMeterRegistry registry) {
    return new MicrometerPipelineMetrics(registry);
  }
}

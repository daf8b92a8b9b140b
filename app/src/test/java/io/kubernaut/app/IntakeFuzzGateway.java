package io.kubernaut.app;

import static org.mockito.Mockito.mock;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import io.kubernaut.http.api.HttpModule;
import io.kubernaut.http.api.HttpServer;
import io.kubernaut.http.api.HttpSettings;
import io.kubernaut.ports.in.AnalyzeAlert;
import io.kubernaut.ports.in.IngestSignal;
import io.kubernaut.ports.in.ProcessAlert;
import io.kubernaut.ports.out.AccessReviewer;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.ApprovalStore;
import io.kubernaut.ports.out.RemediationBoard;
import io.kubernaut.ports.out.AuditChainVerifier;
import io.kubernaut.ports.out.AuditQueries;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.out.HealthIndicator;
import io.kubernaut.ports.out.Notifier;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.out.RemediationHistory;
import io.kubernaut.ports.out.TokenReviewer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import javax.inject.Singleton;

/**
 * The production HTTP API ({@link HttpModule}: Javalin, authentication, request bodies, the
 * signal routes) over an {@link InMemoryIngestSignal}, so the intake can be fuzzed at full speed.
 * The module serves the other route groups too; their ports are Mockito mocks nothing calls.
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
        .reviewer((token, audience) -> Optional.empty())
        .accessReviewer((caller, permission) -> false)
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

  /** The ports of the other route groups, which the HTTP module serves too but the fuzzer never reaches. */
  @Module
  static final class UnusedPorts {
    private UnusedPorts() {}

    @Provides
    static AuditTrail auditTrail() {
      return mock(AuditTrail.class);
    }

    @Provides
    static AuditQueries auditQueries() {
      return mock(AuditQueries.class);
    }

    @Provides
    static AuditChainVerifier auditChainVerifier() {
      return mock(AuditChainVerifier.class);
    }

    @Provides
    static RemediationHistory remediationHistory() {
      return mock(RemediationHistory.class);
    }

    @Provides
    static ClusterInspector clusterInspector() {
      return mock(ClusterInspector.class);
    }

    @Provides
    static ActionCatalog actionCatalog() {
      return mock(ActionCatalog.class);
    }

    @Provides
    static AnalyzeAlert analyzeAlert() {
      return mock(AnalyzeAlert.class);
    }

    @Provides
    static ProcessAlert processAlert() {
      return mock(ProcessAlert.class);
    }

    @Provides
    static PolicySource policySource() {
      return mock(PolicySource.class);
    }

    @Provides
    static ApprovalStore approvalStore() {
      return mock(ApprovalStore.class);
    }

    @Provides
    static RemediationBoard remediationBoard() {
      return mock(RemediationBoard.class);
    }

    @Provides
    static Notifier notifier() {
      return mock(Notifier.class);
    }
  }

  @Singleton
  @Component(modules = {HttpModule.class, NoHealthIndicators.class, UnusedPorts.class})
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
      Builder accessReviewer(AccessReviewer reviewer);

      @BindsInstance
      Builder registry(PrometheusMeterRegistry registry);

      @BindsInstance
      Builder clock(Clock clock);

      Wiring build();
    }
  }
}

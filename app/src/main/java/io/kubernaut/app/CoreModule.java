package io.kubernaut.app;

import dagger.Module;
import dagger.Provides;
import io.kubernaut.core.classification.EnvironmentClassifier;
import io.kubernaut.core.intake.AlertIntake;
import io.kubernaut.core.lifecycle.RemediationConductor;
import io.kubernaut.core.notification.MessageComposer;
import io.kubernaut.core.notification.NotificationRouter;
import io.kubernaut.core.notification.SecretRedactor;
import io.kubernaut.core.processing.AlertProcessor;
import io.kubernaut.core.processing.RemediationRouter;
import io.kubernaut.core.safety.SafetyEnvelope;
import io.kubernaut.core.workflow.DagPlanner;
import io.kubernaut.core.workflow.RemediationAssessor;
import io.kubernaut.k8s.KubernetesSettings;
import io.kubernaut.ports.in.AssessRemediation;
import io.kubernaut.ports.in.CheckSafety;
import io.kubernaut.ports.in.CompileRoutes;
import io.kubernaut.ports.in.PlanWorkflow;
import io.kubernaut.ports.in.ComposeMessage;
import io.kubernaut.ports.in.ProcessAlert;
import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.ports.in.DecideRemediation;
import io.kubernaut.ports.in.IngestSignal;
import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.out.RemediationStore;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import javax.inject.Singleton;

/** Wires the pure core's use cases; the core itself knows nothing of Dagger. */
@Module
abstract class CoreModule {

  private CoreModule() {}

  @Provides
  @Singleton
  static Clock clock() {
    return Clock.systemUTC();
  }

  @Provides
  @Singleton
  static EnvironmentClassifier environmentClassifier() {
    return new EnvironmentClassifier(Map.of());
  }

  @Provides
  @Singleton
  static IngestSignal ingestSignal(RemediationStore store, ClusterInspector cluster, EnvironmentClassifier environments) {
    return new AlertIntake(store, cluster, environments);
  }

  @Provides
  @Singleton
  static ProcessAlert processAlert(ClusterInspector cluster, EnvironmentClassifier environments, KubernetesSettings settings) {
    return new AlertProcessor(cluster, environments, RemediationRouter.standard(settings.namespace()));
  }

  @Provides
  @Singleton
  static DecideRemediation decideRemediation() {
    return new RemediationConductor();
  }

  @Provides
  @Singleton
  static RedactSecrets redactSecrets() {
    return new SecretRedactor();
  }

  @Provides
  @Singleton
  static ComposeMessage composeMessage(KubernetesSettings kubernetes, RedactSecrets redactor) {
    return new MessageComposer(kubernetes.namespace(), redactor);
  }

  @Provides
  @Singleton
  static CompileRoutes compileRoutes() {
    return new NotificationRouter();
  }

  @Provides
  @Singleton
  static PlanWorkflow planWorkflow() {
    return new DagPlanner();
  }

  @Provides
  @Singleton
  static AssessRemediation assessRemediation() {
    return new RemediationAssessor();
  }

  @Provides
  @Singleton
  static CheckSafety checkSafety(KubernetesSettings settings) {
    return new SafetyEnvelope(settings.namespace());
  }

  @Provides
  @Singleton
  static PrometheusMeterRegistry meterRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }
}

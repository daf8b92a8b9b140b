package io.kubernaut.app;

import dagger.Module;
import dagger.Provides;
import io.kubernaut.core.analysis.InvestigatorChain;
import io.kubernaut.core.classification.EnvironmentClassifier;
import io.kubernaut.core.intake.AlertIntake;
import io.kubernaut.core.lifecycle.ExecutionConductor;
import io.kubernaut.core.lifecycle.RemediationConductor;
import io.kubernaut.core.lifecycle.WorkflowConductor;
import io.kubernaut.core.notification.MessageComposer;
import io.kubernaut.core.notification.NotificationRouter;
import io.kubernaut.core.notification.SecretRedactor;
import io.kubernaut.core.processing.AlertProcessor;
import io.kubernaut.core.processing.RemediationRouter;
import io.kubernaut.core.safety.SafetyEnvelope;
import io.kubernaut.core.scope.ManagedScope;
import io.kubernaut.http.llm.InvestigationSettings;
import io.kubernaut.k8s.KubernetesSettings;
import io.kubernaut.ports.in.AnalyzeAlert;
import io.kubernaut.ports.in.DecideExecution;
import io.kubernaut.ports.in.DecideWorkflow;
import io.kubernaut.ports.in.CheckSafety;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.Investigator;
import io.kubernaut.ports.out.RemediationHistory;
import io.kubernaut.ports.in.CompileRoutes;
import io.kubernaut.ports.in.ComposeMessage;
import io.kubernaut.ports.in.ProcessAlert;
import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.core.storm.StormDetector;
import io.kubernaut.core.storm.StormEscalator;
import io.kubernaut.core.target.TargetLocator;
import io.kubernaut.ports.in.DecideRemediation;
import io.kubernaut.ports.in.EscalateStorm;
import io.kubernaut.ports.in.IngestSignal;
import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.out.Notifier;
import io.kubernaut.ports.out.PipelineMetrics;
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
  static EnvironmentClassifier environmentClassifier(io.kubernaut.ports.out.PolicySource policies) {
    return new EnvironmentClassifier(() -> policies.current().environments());
  }

  @Provides
  @Singleton
  static StormDetector stormDetector(OperatorConfig config, io.kubernaut.ports.out.PolicySource policies) {
    return new StormDetector(new ConfiguredStorms(config.stormPolicy(), policies));
  }

  /** Escalates the storm crossings the remediation store records (it queues them from the intake). */
  @Provides
  @Singleton
  static EscalateStorm escalateStorm(Notifier notifier, PipelineMetrics metrics) {
    return new StormEscalator(notifier, metrics);
  }

  @Provides
  @Singleton
  static IngestSignal ingestSignal(RemediationStore store, ClusterInspector cluster, EnvironmentClassifier environments,
      StormDetector storms, OperatorConfig config, io.kubernaut.ports.out.RemediationNames usedNames) {
    return new AlertIntake(store, cluster, environments, storms, config.topologyStorm(),
        new TargetLocator(config.exportedNamespaceJobs()), config.ignoredAlerts(), config.lateFiringWindow(), usedNames);
  }

  @Provides
  @Singleton
  static ProcessAlert processAlert(ClusterInspector cluster, EnvironmentClassifier environments, KubernetesSettings settings,
      io.kubernaut.ports.out.PolicySource policies) {
    return new AlertProcessor(cluster, environments, new RemediationRouter(settings.namespace(), policies::current),
        ManagedScope.of(settings.managedNamespaces()));
  }

  @Provides
  @Singleton
  static DecideRemediation decideRemediation(KubernetesSettings settings) {
    return new RemediationConductor(settings.namespace());
  }

  @Provides
  @Singleton
  static RedactSecrets redactSecrets() {
    return new SecretRedactor();
  }

  @Provides
  @Singleton
  static AnalyzeAlert analyzeAlert(InvestigationSettings settings, Map<String, Investigator> external,
      ActionCatalog catalog, RemediationHistory history, RedactSecrets redactor) {
    return new InvestigatorChain(Investigators.ordered(settings.chain(), external), catalog, history, redactor);
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
  static DecideWorkflow decideWorkflow() {
    return new WorkflowConductor();
  }

  @Provides
  @Singleton
  static DecideExecution decideExecution(KubernetesSettings settings) {
    return new ExecutionConductor(ManagedScope.of(settings.managedNamespaces()));
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

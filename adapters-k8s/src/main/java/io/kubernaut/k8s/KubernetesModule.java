package io.kubernaut.k8s;

import com.github.benmanes.caffeine.cache.Ticker;
import dagger.Module;
import dagger.Provides;
import io.kubernaut.k8s.status.KubernetesEvents;
import io.kubernaut.k8s.status.StatusSealer;
import dagger.multibindings.IntoSet;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.kubernaut.k8s.analysis.AIAnalysisReconciler;
import io.kubernaut.k8s.execution.KubernetesExecutionReconciler;
import io.kubernaut.k8s.processing.AlertProcessingReconciler;
import io.kubernaut.k8s.remediation.AlertRemediationReconciler;
import io.kubernaut.k8s.remediation.AuditReprojector;
import io.kubernaut.k8s.runtime.InstalledCrdInspector;
import io.kubernaut.k8s.runtime.OperatorRuntime;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import io.kubernaut.k8s.safety.DisruptionLedger;
import io.kubernaut.k8s.safety.SafetyInformers;
import io.kubernaut.k8s.workflow.WorkflowExecutionReconciler;
import io.kubernaut.ports.in.AnalyzeAlert;
import io.kubernaut.ports.in.CheckSafety;
import io.kubernaut.ports.in.DecideExecution;
import io.kubernaut.ports.in.DecideRemediation;
import io.kubernaut.ports.in.DecideWorkflow;
import io.kubernaut.ports.in.EscalateStorm;
import io.kubernaut.ports.in.ProcessAlert;
import io.kubernaut.ports.out.AccessReviewer;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.ActionRunner;
import io.kubernaut.ports.out.ApprovalStore;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.out.ClusterClientSource;
import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.out.HealthIndicator;
import io.kubernaut.ports.out.NotificationRouting;
import io.kubernaut.ports.out.Notifier;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.out.MetricsReader;
import io.kubernaut.ports.out.AlertStateReader;
import io.kubernaut.ports.out.SilenceKeeper;
import io.kubernaut.k8s.workflow.WorkflowVerificationSources;
import io.kubernaut.ports.out.RemediationBoard;
import io.kubernaut.ports.out.RemediationStore;
import io.kubernaut.ports.out.TokenReviewer;
import java.time.Clock;
import java.util.List;
import javax.inject.Singleton;

/**
 * The Kubernetes adapter's one public Dagger module. Needs a {@link KubernetesConnection} and
 * {@link KubernetesSettings}. Its bindings are ports and {@link OperatorRuntime} only: fabric8 and
 * JOSDK types never reach the composition root.
 */
@Module
public final class KubernetesModule {

  private KubernetesModule() {}

  @Provides
  @Singleton
  static RemediationStore remediationStore(KubernetesConnection connection, KubernetesSettings settings,
      PipelineMetrics metrics, EscalateStorm storms) {
    CaffeineRecentSignals recent = new CaffeineRecentSignals(connection.client(), settings.namespace(),
        java.time.Duration.ofMinutes(10));
    metrics.countRemediationsWith(recent::countByPhase);
    return new Fabric8RemediationStore(connection.client(), settings, recent, storms);
  }

  /** Namespaces and nodes for classification and enrichment from the safety envelope's informers, once they run. */
  @Provides
  @Singleton
  static ClusterInspector clusterInspector(KubernetesConnection connection, Clock clock, SafetyInformers informers,
      ContextInformers context) {
    return new Fabric8ClusterInspector(connection.client(), clock, new WatchedCluster(informers::watchedNamespace,
        informers::watchedNode, context::autoscalers, context::budgets));
  }

  /** Every namespace's HPAs and PDBs for enrichment; started and closed by the {@link OperatorRuntime}. */
  @Provides
  @Singleton
  static ContextInformers contextInformers(KubernetesConnection connection) {
    return new ContextInformers(connection.client());
  }

  /**
   * One informer per pipeline kind, its controller's; the other controllers read and watch it through the relay.
   * Their Events are sent from a thread of their own, closed by the {@link OperatorRuntime}.
   */
  @Provides
  @Singleton
  static PrimaryRelays primaryRelays(KubernetesConnection connection, StatusSealer sealer) {
    return PrimaryRelays.on(connection.client(), sealer, KubernetesEvents.queued(connection.client()));
  }

  /**
   * One set of safety informers for both controllers that count the disruption budget: every shard's
   * executions (a shard's controllers see only theirs; an operator that is not sharded reads its
   * controllers' caches); one ledger, so the replica's admissions are written in batches. Started and
   * closed by the {@link OperatorRuntime}.
   */
  @Provides
  @Singleton
  static SafetyInformers safetyInformers(KubernetesConnection connection, KubernetesSettings settings,
      PrimaryRelays relays) {
    return settings.shard().isSharded()
        ? new SafetyInformers(connection.client(), settings.namespace())
        : SafetyInformers.relayed(connection.client(), settings.namespace(), relays.executions(), relays.workflows());
  }

  /** TokenReview with the audience the HTTP API asks for, answers remembered briefly. */
  @Provides
  @Singleton
  static TokenReviewer tokenReviewer(KubernetesConnection connection) {
    return CaffeineAccessCache.tokenReviewer(new Fabric8TokenReviewer(connection.client()), Ticker.systemTicker());
  }

  /** SubjectAccessReview on the virtual resources of {@code kubernaut.io}, answers remembered briefly. */
  @Provides
  @Singleton
  static AccessReviewer accessReviewer(KubernetesConnection connection) {
    return CaffeineAccessCache.accessReviewer(new Fabric8AccessReviewer(connection.client()), Ticker.systemTicker());
  }

  /** The fabric8 client for the action host, behind a JDK-typed port. */
  @Provides
  @Singleton
  static ClusterClientSource clusterClientSource(KubernetesConnection connection) {
    return new Fabric8ClusterClientSource(connection.client());
  }

  @Provides
  @Singleton
  static ConfigMapPolicySource configMapPolicySource(KubernetesConnection connection, KubernetesSettings settings,
      NotificationRouting notifications) {
    return new ConfigMapPolicySource(connection.client(), settings.namespace(), notifications);
  }

  @Provides
  static PolicySource policySource(ConfigMapPolicySource source) {
    return source;
  }

  @Provides
  @Singleton
  static OperatorRuntime operatorRuntime(KubernetesConnection connection, KubernetesSettings settings,
      DecideRemediation conductor, ProcessAlert processor, ConfigMapPolicySource policies, AuditTrail audit,
      Notifier notifier, Clock clock, AnalyzeAlert analyzer, PipelineMetrics metrics, DecideWorkflow workflows,
      DecideExecution executions, CheckSafety safety, ActionCatalog catalog, ActionRunner runner, MetricsReader metricsReader,
      AlertStateReader alertStates, SilenceKeeper silences, RemediationStore store, PrimaryRelays relays,
      SafetyInformers informers, ContextInformers context) {
    DisruptionLedger ledger = new DisruptionLedger(informers, catalog, clock, runner::runawayCalls);
    KubernetesExecutionReconciler executor = new KubernetesExecutionReconciler(ledger, executions, safety, catalog,
        runner, policies, audit, metrics, settings.namespace(), relays, clock);
    List<Reconciler<?>> reconcilers = List.of(
        new AlertRemediationReconciler(conductor, connection.client(), policies, audit, notifier, metrics, relays,
            ledger, clock, settings.remediationsInFlight()),
        new AlertProcessingReconciler(processor, relays, clock),
        new AIAnalysisReconciler(analyzer, policies, audit, relays, clock, settings.investigationConcurrency()),
        new WorkflowExecutionReconciler(ledger, workflows, safety, catalog, runner, policies, notifier,
            settings.actionImpersonation() ? settings.namespace() : null, metrics,
            new WorkflowVerificationSources(metricsReader, alertStates, audit, silences), relays, clock),
        executor);
    OperatorRuntime runtime = new OperatorRuntime(connection.client(), settings, reconcilers, policies, metrics,
        runner.mostWaitingCallers());
    runtime.whenStopping(executor::refuseNewCalls); // nothing starts that the stop would cut off
    // Not on definitions older than its own (a helm upgrade does not apply crds/): the API server would drop its fields.
    runtime.requireInstalledCrds(new InstalledCrdInspector(connection.client()), OperatorRuntime.CRD_RECHECK);
    if (store instanceof Fabric8RemediationStore gateway) {
      runtime.startFirst(gateway::watch);
    }
    runtime.startFirst(informers::start);
    runtime.startFirst(context::start); // does not wait for their lists: enrichment lists until they have
    runtime.closeOnStop(context);
    runtime.watchedBy(informers::notWatching);
    runtime.closeOnStop(informers);
    runtime.closeOnStop(relays.events()); // the Events the controllers emitted before they stopped
    metrics.countDroppedEventsWith(relays.events()::dropped);
    if (store instanceof AutoCloseable pendingWrites) {
      runtime.closeOnStop(pendingWrites); // the duplicates counted since the last flush
    }
    return runtime;
  }

  /** Re-projects every remediation's status into the audit trail at start and after each gap. */
  @Provides
  @Singleton
  static AuditReprojector auditReprojector(KubernetesConnection connection, KubernetesSettings settings,
      AuditTrail audit) {
    return new AuditReprojector(connection.client(), settings.namespace(), audit);
  }

  @Provides
  @Singleton
  static ApprovalStore approvalStore(KubernetesConnection connection, KubernetesSettings settings, Clock clock) {
    return new Fabric8ApprovalStore(connection.client(), settings.namespace(), clock);
  }

  /** The read side for the console and the read API. */
  @Provides
  @Singleton
  static RemediationBoard remediationBoard(KubernetesConnection connection, KubernetesSettings settings, Clock clock) {
    return new Fabric8RemediationBoard(connection.client(), settings.namespace(), clock);
  }

  @Provides
  @IntoSet
  static HealthIndicator operatorHealth(OperatorRuntime runtime) {
    return runtime;
  }

  @Provides
  @IntoSet
  static HealthIndicator controllerHealth(OperatorRuntime runtime) {
    return runtime.controllers();
  }
}

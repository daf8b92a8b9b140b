package io.kubernaut.k8s;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.kubernaut.k8s.reconciler.AlertRemediationReconciler;
import io.kubernaut.k8s.runtime.OperatorRuntime;
import io.kubernaut.ports.in.DecideRemediation;
import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.out.HealthIndicator;
import io.kubernaut.ports.out.RemediationStore;
import io.kubernaut.ports.out.TokenReviewer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Set;
import javax.inject.Singleton;

/** The Kubernetes adapter's one public Dagger module. Needs a {@link KubernetesConnection} and {@link KubernetesSettings}. */
@Module
public abstract class KubernetesModule {

  private KubernetesModule() {}

  @Binds
  abstract RemediationStore remediationStore(Fabric8RemediationStore store);

  @Binds
  abstract ClusterInspector clusterInspector(Fabric8ClusterInspector inspector);

  @Binds
  abstract TokenReviewer tokenReviewer(Fabric8TokenReviewer reviewer);

  @Provides
  static KubernetesClient kubernetesClient(KubernetesConnection connection) {
    return connection.client();
  }

  @Provides
  @IntoSet
  static Reconciler<?> alertRemediationReconciler(DecideRemediation conductor, KubernetesClient client, Clock clock) {
    return new AlertRemediationReconciler(conductor, client, clock);
  }

  @Provides
  @Singleton
  static OperatorRuntime operatorRuntime(KubernetesClient client, KubernetesSettings settings, Set<Reconciler<?>> reconcilers) {
    return new OperatorRuntime(client, settings, new ArrayList<>(reconcilers));
  }

  @Provides
  @IntoSet
  static HealthIndicator operatorHealth(OperatorRuntime runtime) {
    return runtime;
  }
}

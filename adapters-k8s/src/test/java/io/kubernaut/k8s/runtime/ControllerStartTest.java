package io.kubernaut.k8s.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kubernaut.k8s.ConfigMapPolicySource;
import io.kubernaut.k8s.KubernetesSettings;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import io.kubernaut.k8s.testing.ListHold;
import io.kubernaut.ports.out.HealthIndicator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controllers start on a thread of their own: while their informers list what is in flight the
 * gateway's path to the API server is up (readiness) and the controllers are down (a degraded state),
 * and the operator says which; once they have listed, both are up and the remediations waiting are
 * reconciled.
 */
class ControllerStartTest {

  private static final String NS = "kubernaut-system";

  @ControllerConfiguration(name = "listed")
  static final class Listed implements Reconciler<AlertProcessing> {
    final List<String> reconciled = new CopyOnWriteArrayList<>();

    @Override
    public UpdateControl<AlertProcessing> reconcile(AlertProcessing resource, Context<AlertProcessing> context) {
      reconciled.add(resource.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
  }

  /** A client of {@code server} whose first LIST of AlertProcessings {@code hold} holds. */
  private static KubernetesClient heldClient(EmbeddedApiServer server, ListHold hold) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder().withMasterUrl(server.url()).withNamespace(NS).build())
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("list-hold", hold)).build();
  }

  @Test
  void theGatewaysPathIsReadyWhileTheControllersListAndTheyReconcileOnceListed(@TempDir Path dir) throws Exception {
    EmbeddedApiServer server = new EmbeddedApiServer(dir, NS, 0).start();
    ListHold hold = new ListHold("alertprocessings");
    KubernetesClient client = heldClient(server, hold);
    Listed reconciler = new Listed();
    AlertProcessing waiting = new AlertProcessing();
    waiting.setMetadata(new ObjectMetaBuilder().withName("ap-waiting").withNamespace(NS).build());
    server.client().resource(waiting).create();
    try (OperatorRuntime runtime = new OperatorRuntime(client, new KubernetesSettings(NS, "test", false),
        List.of(reconciler), new ConfigMapPolicySource(client, NS))) {
      HealthIndicator controllers = runtime.controllers();
      assertThat(runtime.health().ready()).as("not started").isFalse();

      runtime.prepare();
      assertThat(runtime.health().ready()).as("the policy read: the API server answered").isTrue();
      assertThat(controllers.health().detail()).contains("about to start");
      assertThat(hold.reached()).as("no controller lists before they start").isFalse();

      runtime.startInBackground();
      assertThat(hold.reached(10)).as("the informer's list was asked").isTrue();

      assertThat(runtime.health().ready()).as("the gateway's path to the API server").isTrue();
      assertThat(runtime.health().detail()).contains("still listing");
      assertThat(controllers.gatesReadiness()).isFalse();
      assertThat(controllers.health().ready()).isFalse();
      assertThat(controllers.health().detail()).contains("listing the remediations in flight");
      assertThat(reconciler.reconciled).isEmpty();

      hold.release();
      runtime.awaitStarted();
      assertThat(runtime.health().ready()).isTrue();
      assertThat(runtime.health().detail()).isEqualTo("Informers are synced.");
      assertThat(controllers.health().ready()).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> reconciler.reconciled.contains("ap-waiting"));
    } finally {
      hold.release();
      client.close();
      server.close();
    }
  }

  @Test
  void aStopWhileTheControllersListWaitsForTheirStartAndLeavesNothingRunning(@TempDir Path dir) throws Exception {
    EmbeddedApiServer server = new EmbeddedApiServer(dir, NS, 0).start();
    ListHold hold = new ListHold("alertprocessings");
    KubernetesClient client = heldClient(server, hold);
    Listed reconciler = new Listed();
    try {
      OperatorRuntime runtime = new OperatorRuntime(client, new KubernetesSettings(NS, "test", false),
          List.of(reconciler), new ConfigMapPolicySource(client, NS));
      java.util.concurrent.atomic.AtomicInteger announced = new java.util.concurrent.atomic.AtomicInteger();
      runtime.whenStopping(announced::incrementAndGet);
      runtime.startInBackground();
      assertThat(hold.reached(10)).isTrue();
      Thread releaser = new Thread(() -> {
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        hold.release();
      });
      releaser.start();
      runtime.beginStopping(); // as Kubernaut.close() does before the gateway drains
      assertThat(announced).as("told before the controllers have even started").hasValue(1);
      runtime.close();
      assertThat(announced).as("told once").hasValue(1);
      assertThat(runtime.health().ready()).as("stopped").isFalse();

      AlertProcessing after = new AlertProcessing();
      after.setMetadata(new ObjectMetaBuilder().withName("ap-after-stop").withNamespace(NS).build());
      server.client().resource(after).create();
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
          .until(() -> !reconciler.reconciled.contains("ap-after-stop"));
    } finally {
      hold.release();
      client.close();
      server.close();
    }
  }

  @Test
  void theApiServerGoingAwayWhileTheControllersListMakesTheReplicaUnready(@TempDir Path dir) throws Exception {
    EmbeddedApiServer server = new EmbeddedApiServer(dir, NS, 0).start();
    ListHold hold = new ListHold("alertprocessings");
    KubernetesClient client = heldClient(server, hold);
    OperatorRuntime runtime = new OperatorRuntime(client, new KubernetesSettings(NS, "test", false),
        List.of(new Listed()), new ConfigMapPolicySource(client, NS));
    try {
      runtime.startInBackground();
      assertThat(hold.reached(10)).isTrue();
      assertThat(runtime.health().ready()).as("the API server answers").isTrue();

      server.close(); // while the controllers' list is still held

      await().atMost(Duration.ofSeconds(15)).until(() -> !runtime.health().ready());
      assertThat(runtime.health().detail()).contains("stopped answering while the controllers were listing");
    } finally {
      hold.release();
      client.close();
      runtime.close();
    }
  }

  @Test
  void onInstalledCrdsOlderThanItsOwnTheReplicaIsUnreadySaysWhichFieldAndStartsOnceTheyAreApplied(@TempDir Path dir)
      throws Exception {
    EmbeddedApiServer server = new EmbeddedApiServer(dir, NS, 0).start();
    var crds = server.client().apiextensions().v1().customResourceDefinitions();
    var older = processingCrd();
    older.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("status").getProperties()
        .remove("seal");
    crds.resource(older).update(); // as a helm upgrade leaves them: crds/ of the release before
    KubernetesClient client = server.client();
    Listed reconciler = new Listed();
    AlertProcessing waiting = new AlertProcessing();
    waiting.setMetadata(new ObjectMetaBuilder().withName("ap-waiting").withNamespace(NS).build());
    client.resource(waiting).create();
    OperatorRuntime runtime = new OperatorRuntime(client, new KubernetesSettings(NS, "test", false),
        List.of(reconciler), new ConfigMapPolicySource(client, NS));
    runtime.requireInstalledCrds(new InstalledCrdInspector(client), Duration.ofMillis(200));
    try {
      runtime.startInBackground();
      await().atMost(Duration.ofSeconds(10)).until(() -> runtime.health().detail().contains("not this operator's"));
      assertThat(runtime.gatesReadiness()).as("no alerts taken").isTrue();
      assertThat(runtime.health().ready()).isFalse();
      assertThat(runtime.health().detail()).contains(
          "alertprocessings.kubernaut.io v1alpha1: status.seal is missing, so the API server drops it.",
          "kubectl apply --server-side --force-conflicts -f crds/", "every 200 ms");
      assertThat(runtime.controllers().health().detail()).isEqualTo(runtime.health().detail());
      await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(reconciler.reconciled::isEmpty);

      crds.resource(processingCrd()).update();

      runtime.awaitStarted();
      assertThat(runtime.health().ready()).isTrue();
      assertThat(runtime.health().detail()).isEqualTo("Informers are synced.");
      await().atMost(Duration.ofSeconds(10)).until(() -> reconciler.reconciled.contains("ap-waiting"));
    } finally {
      runtime.close();
      server.close();
    }
  }

  /** A fresh copy of this build's AlertProcessing CRD. */
  private static io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition processingCrd() {
    return io.kubernaut.k8s.crd.CrdCatalog.definitions().stream()
        .filter(c -> "alertprocessings.kubernaut.io".equals(c.getMetadata().getName())).findFirst().orElseThrow();
  }

  @Test
  void aStopWhileTheInstalledCrdsDifferEndsTheWaitAtOnce(@TempDir Path dir) throws Exception {
    EmbeddedApiServer server = new EmbeddedApiServer(dir, NS, 0).start();
    server.client().apiextensions().v1().customResourceDefinitions().withName("aianalyses.kubernaut.io").delete();
    KubernetesClient client = server.client();
    OperatorRuntime runtime = new OperatorRuntime(client, new KubernetesSettings(NS, "test", false),
        List.of(new Listed()), new ConfigMapPolicySource(client, NS));
    runtime.requireInstalledCrds(new InstalledCrdInspector(client), Duration.ofHours(1));
    try {
      runtime.prepare();
      assertThat(runtime.health().ready()).as("not ready before the CRDs are read").isFalse();
      assertThat(runtime.health().detail()).contains("is reading the installed CustomResourceDefinitions");
      assertThat(runtime.controllers().health().detail()).isEqualTo(runtime.health().detail());
      runtime.startInBackground();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> runtime.health().detail().contains("aianalyses.kubernaut.io is not installed."));
      long began = System.nanoTime();
      runtime.close();
      assertThat(Duration.ofNanos(System.nanoTime() - began)).as("not the hour's wait").isLessThan(Duration.ofSeconds(5));
      assertThat(runtime.health().ready()).isFalse();
      org.assertj.core.api.Assertions.assertThatThrownBy(runtime::awaitStarted).hasMessageContaining("stopped");
    } finally {
      runtime.close();
      server.close();
    }
  }
}

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
}

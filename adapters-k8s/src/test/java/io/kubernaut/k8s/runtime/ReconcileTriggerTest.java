package io.kubernaut.k8s.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kubernaut.k8s.ConfigMapPolicySource;
import io.kubernaut.k8s.KubernetesSettings;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertProcessingStatus;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator reconciles an update of a primary only when its reconciler's trigger says so; additions always. */
class ReconcileTriggerTest {

  private static final String NS = "kubernaut-system";

  @ControllerConfiguration(name = "woken")
  static final class Woken implements Reconciler<AlertProcessing>, ReconcileTrigger<AlertProcessing> {
    final List<String> reconciled = new CopyOnWriteArrayList<>();

    @Override
    public UpdateControl<AlertProcessing> reconcile(AlertProcessing resource, Context<AlertProcessing> context) {
      reconciled.add(resource.getMetadata().getResourceVersion());
      return UpdateControl.noUpdate();
    }

    @Override
    public boolean triggers(AlertProcessing updated, AlertProcessing previous) {
      return updated.getMetadata().getLabels() != null && updated.getMetadata().getLabels().containsKey("wake");
    }
  }

  @Test
  void anUpdateItsTriggerTurnsDownIsNotReconciledAndOneItAcceptsIs(@TempDir Path dir) {
    EmbeddedApiServer server = new EmbeddedApiServer(dir, NS, 0).start();
    KubernetesClient client = server.client();
    Woken reconciler = new Woken();
    try (OperatorRuntime runtime = new OperatorRuntime(client, new KubernetesSettings(NS, "test", false),
        List.of(reconciler), new ConfigMapPolicySource(client, NS))) {
      runtime.start();
      AlertProcessing ap = new AlertProcessing();
      ap.setMetadata(new ObjectMetaBuilder().withName("ap-1").withNamespace(NS).build());
      client.resource(ap).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> reconciler.reconciled.size() == 1);

      AlertProcessing current = client.resources(AlertProcessing.class).inNamespace(NS).withName("ap-1").get();
      current.setStatus(new AlertProcessingStatus());
      current.getStatus().setMessage("a status write");
      client.resource(current).updateStatus();
      await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
          .until(() -> reconciler.reconciled.size() == 1);

      AlertProcessing woken = client.resources(AlertProcessing.class).inNamespace(NS).withName("ap-1").edit(p -> {
        p.getMetadata().setLabels(Map.of("wake", "yes"));
        return p;
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> reconciler.reconciled.size() == 2);
      assertThat(reconciler.reconciled.get(1)).isEqualTo(woken.getMetadata().getResourceVersion());
    } finally {
      server.close();
    }
  }
}

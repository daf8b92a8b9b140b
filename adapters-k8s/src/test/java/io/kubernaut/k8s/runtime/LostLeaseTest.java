package io.kubernaut.k8s.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kubernaut.k8s.ConfigMapPolicySource;
import io.kubernaut.k8s.KubernetesSettings;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that can no longer renew its leader Lease (another replica holds it now) stops
 * reconciling at once, reports the loss in readiness and tells its handlers (the process exits);
 * JOSDK, told not to exit, would only log it and reconcile on beside the new holder.
 */
class LostLeaseTest {

  private static final String NS = "kubernaut-system";

  @ControllerConfiguration(name = "counted")
  static final class Counted implements Reconciler<AlertProcessing> {
    final List<String> reconciled = new CopyOnWriteArrayList<>();

    @Override
    public UpdateControl<AlertProcessing> reconcile(AlertProcessing resource, Context<AlertProcessing> context) {
      reconciled.add(resource.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
  }

  private static void create(KubernetesClient client, String name) {
    AlertProcessing ap = new AlertProcessing();
    ap.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    client.resource(ap).create();
  }

  @Test
  void aReplicaWhoseLeaseAnotherTookStopsReconcilingAndSaysSo(@TempDir Path dir) throws Exception {
    EmbeddedApiServer server = new EmbeddedApiServer(dir, NS, 0).start();
    KubernetesClient client = server.client();
    Counted reconciler = new Counted();
    CountDownLatch told = new CountDownLatch(1);
    try (OperatorRuntime runtime = new OperatorRuntime(client, new KubernetesSettings(NS, "replica-a", true),
        List.of(reconciler), new ConfigMapPolicySource(client, NS))) {
      runtime.whenLeaseLost(told::countDown);
      java.util.concurrent.atomic.AtomicInteger announced = new java.util.concurrent.atomic.AtomicInteger();
      runtime.whenStopping(announced::incrementAndGet);
      runtime.start();
      create(client, "ap-1");
      await().atMost(Duration.ofSeconds(30)).until(() -> reconciler.reconciled.contains("ap-1"));
      assertThat(runtime.health().ready()).isTrue();

      // Another replica holds the Lease now (as after a partition that outlasted the lease): replica-a cannot renew.
      client.leases().inNamespace(NS).withName(OperatorRuntime.LEASE_NAME).edit(lease -> {
        lease.getSpec().setHolderIdentity("replica-b");
        lease.getSpec().setRenewTime(ZonedDateTime.now());
        lease.getSpec().setLeaseDurationSeconds(3600);
        return lease;
      });

      assertThat(told.await(60, TimeUnit.SECONDS)).as("the loss is told once the controllers stopped").isTrue();
      assertThat(announced).as("no action call starts after the loss").hasValue(1);
      assertThat(runtime.health().ready()).isFalse();
      assertThat(runtime.health().detail()).contains("lost the kubernaut-leader Lease");
      create(client, "ap-2");
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
          .until(() -> !reconciler.reconciled.contains("ap-2"));
      Lease lease = client.leases().inNamespace(NS).withName(OperatorRuntime.LEASE_NAME).get();
      assertThat(lease.getSpec().getHolderIdentity()).as("it did not take the Lease back").isEqualTo("replica-b");
    } finally {
      server.close();
    }
  }
}

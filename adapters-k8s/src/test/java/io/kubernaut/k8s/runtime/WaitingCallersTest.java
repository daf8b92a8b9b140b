package io.kubernaut.k8s.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kubernaut.k8s.ConfigMapPolicySource;
import io.kubernaut.k8s.KubernetesSettings;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import io.kubernaut.ports.out.PipelineMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciles that wait on calls outside the process (a plugin's action hangs until its deadline,
 * 10 minutes by default) hold JOSDK threads; the runtime gets as many threads more as such callers
 * can wait at once, so that they never hold the threads every other controller needs.
 */
class WaitingCallersTest {

  private static final String NS = "kubernaut-system";
  /** More than JOSDK's 50 threads: without the extra threads, the analysis below never reconciles. */
  private static final int HELD = 60;

  /** Every reconcile waits, as on a plugin's call that hangs, until the test lets go. */
  @ControllerConfiguration(name = "held")
  static final class Held implements Reconciler<AlertProcessing> {
    final AtomicInteger waiting = new AtomicInteger();
    final CountDownLatch letGo = new CountDownLatch(1);

    @Override
    public UpdateControl<AlertProcessing> reconcile(AlertProcessing resource, Context<AlertProcessing> context)
        throws InterruptedException {
      waiting.incrementAndGet();
      try {
        letGo.await(60, TimeUnit.SECONDS);
      } finally {
        waiting.decrementAndGet();
      }
      return UpdateControl.noUpdate();
    }
  }

  @ControllerConfiguration(name = "free")
  static final class Free implements Reconciler<AIAnalysis> {
    final Set<String> reconciled = ConcurrentHashMap.newKeySet();

    @Override
    public UpdateControl<AIAnalysis> reconcile(AIAnalysis resource, Context<AIAnalysis> context) {
      reconciled.add(resource.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
  }

  @Test
  void callersWaitingOutsideTheProcessLeaveTheSharedReconcileThreadsFree(@TempDir Path dir) {
    EmbeddedApiServer server = new EmbeddedApiServer(dir, NS, 0).start();
    KubernetesClient client = server.client();
    Held held = new Held();
    Free free = new Free();
    try (OperatorRuntime runtime = new OperatorRuntime(client, new KubernetesSettings(NS, "test", false),
        List.of(held, free), new ConfigMapPolicySource(client, NS), PipelineMetrics.none(), HELD)) {
      try {
        assertThat(runtime.reconcileThreads()).isEqualTo(OperatorRuntime.SHARED_RECONCILE_THREADS + HELD);
        runtime.start();
        for (int i = 0; i < HELD; i++) {
          AlertProcessing ap = new AlertProcessing();
          ap.setMetadata(new ObjectMetaBuilder().withName("ap-" + i).withNamespace(NS).build());
          client.resource(ap).create();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> held.waiting.get() == HELD);

        AIAnalysis aia = new AIAnalysis();
        aia.setMetadata(new ObjectMetaBuilder().withName("aia-1").withNamespace(NS).build());
        client.resource(aia).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> free.reconciled.contains("aia-1"));
        assertThat(held.waiting).as("the waiting callers still wait").hasValue(HELD);
      } finally {
        held.letGo.countDown(); // before the runtime's stop, which waits for its reconciles
      }
    } finally {
      server.close();
    }
  }

  @Test
  void aNegativeCountIsRefused(@TempDir Path dir) {
    EmbeddedApiServer server = new EmbeddedApiServer(dir, NS, 0).start();
    try {
      KubernetesClient client = server.client();
      assertThatThrownBy(() -> new OperatorRuntime(client, new KubernetesSettings(NS, "test", false), List.of(),
          new ConfigMapPolicySource(client, NS), PipelineMetrics.none(), -1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("waitingCallers");
    } finally {
      server.close();
    }
  }
}

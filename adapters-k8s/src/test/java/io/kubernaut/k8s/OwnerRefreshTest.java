package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.ports.signal.TargetRef;
import java.nio.file.Path;
import io.kubernaut.k8s.fakes.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pod's owner is re-read a minute after it was read, in the background: the signal that finds it
 * due is answered at once with the owner read before, and later signals see the re-read.
 */
class OwnerRefreshTest {

  @TempDir
  Path dir;

  @Test
  void anOwnerDueForItsReReadIsAnsweredAtOnceAndRefreshedInTheBackground() {
    try (MockApi api = new MockApi(dir); KubernetesClient client = api.newClient()) {
      client.resource(pod("cache-0", "cache-a")).create();
      MovableClock clock = new MovableClock(Instant.parse("2026-12-02T12:00:00Z"));
      // the background re-reads wait here until the test lets them run: a re-read quick enough to finish
      // before the due lookup returns would otherwise be answered at once (Caffeine returns a refresh that is done)
      java.util.concurrent.LinkedBlockingQueue<Runnable> reReads = new java.util.concurrent.LinkedBlockingQueue<>();
      Fabric8ClusterInspector inspector = new Fabric8ClusterInspector(client, clock, reReads::add);
      TargetRef pod = new TargetRef("Pod", "shop-prod", "cache-0");
      assertThat(inspector.topLevelOwner(pod)).isEqualTo(new TargetRef("StatefulSet", "shop-prod", "cache-a"));

      client.resource(pod("cache-0", "cache-b")).update(); // only to see when the owner is read again
      clock.advance(Duration.ofSeconds(30));
      assertThat(inspector.topLevelOwner(pod)).as("not due yet: no read").isEqualTo(
          new TargetRef("StatefulSet", "shop-prod", "cache-a"));

      clock.advance(Duration.ofSeconds(31));
      assertThat(inspector.topLevelOwner(pod)).as("due: the owner read before, at once").isEqualTo(
          new TargetRef("StatefulSet", "shop-prod", "cache-a"));
      assertThat(reReads).as("the re-read is left to the background").isNotEmpty();
      new Thread(() -> reReads.forEach(Runnable::run), "re-read").start();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inspector.topLevelOwner(pod))
          .isEqualTo(new TargetRef("StatefulSet", "shop-prod", "cache-b")));
    }
  }

  private static Pod pod(String name, String statefulSet) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("shop-prod")
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet")
            .withName(statefulSet).withUid("u-" + statefulSet).withController(true).build()).endMetadata().build();
  }

}

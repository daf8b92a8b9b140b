package io.kubernaut.k8s.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventSenderTest {

  private static final String NS = "kubernaut-system";

  @TempDir
  Path dir;

  @Test
  void sendsInTheOrderEmittedFromOneThreadOfItsOwn() {
    List<String> sent = new CopyOnWriteArrayList<>();
    try (EventSender sender = new EventSender(EventSender.THREAD)) {
      IntStream.range(0, 200).forEach(i -> sender.execute(() -> sent.add(Thread.currentThread().getName() + "/" + i)));
    }
    assertThat(sent).as("close sends what waits").containsExactlyElementsOf(
        IntStream.range(0, 200).mapToObj(i -> "kubernaut-events/" + i).toList());
  }

  @Test
  void anEventEmittedWhileTheQueueIsFullIsDroppedAndCountedNeverWaitedFor() throws Exception {
    CountDownLatch sending = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> sent = new CopyOnWriteArrayList<>();
    EventSender sender = new EventSender(2, Duration.ofSeconds(5));
    sender.execute(() -> {
      sending.countDown();
      await(release);
      sent.add("first");
    });
    assertThat(sending.await(5, TimeUnit.SECONDS)).isTrue();
    sender.execute(() -> sent.add("second"));
    sender.execute(() -> sent.add("third"));
    sender.execute(() -> sent.add("fourth")); // two wait already: dropped, and the caller goes on

    assertThat(sender.dropped()).isEqualTo(1);
    release.countDown();
    sender.close();
    assertThat(sent).containsExactly("first", "second", "third");
    sender.execute(() -> sent.add("after close"));
    assertThat(sender.dropped()).as("one emitted after close is not sent, and is no drop of a full queue").isEqualTo(1);
    assertThat(sent).doesNotContain("after close");
  }

  @Test
  void closeWaitsABoundedTimeForAnEventThatHangs() {
    CountDownLatch interrupted = new CountDownLatch(1);
    List<String> sent = new CopyOnWriteArrayList<>();
    EventSender sender = new EventSender(10, Duration.ofMillis(200));
    sender.execute(() -> {
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
    });
    sender.execute(() -> sent.add("behind the hung one"));
    sender.close();
    assertThat(await(interrupted)).as("the hung send is interrupted").isTrue();
    assertThat(sent).as("what waited behind it is not sent").isEmpty();
  }

  @Test
  void queuedEventsAreBuiltFromTheObjectAsEmittedAndAllRecordedByClose() {
    try (EmbeddedApiServer server = new EmbeddedApiServer(dir, NS, 0).start();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
            .withMasterUrl(server.url()).withNamespace(NS).build()).build()) {
      ConfigMap object = client.resource(new ConfigMapBuilder().withNewMetadata().withName("subject")
          .withNamespace(NS).endMetadata().build()).create();
      List<Runnable> held = new ArrayList<>();
      KubernetesEvents events = new KubernetesEvents(client, held::add);
      Instant at = Instant.parse("2026-12-07T10:00:00Z");
      events.emitOnce(object, "phase-1-Processing", false, "Processing", "It is being processed.", at);
      object.getMetadata().setName("renamed-after-emit");
      assertThat(client.v1().events().inNamespace(NS).list().getItems()).as("nothing sent before the sender runs").isEmpty();
      held.forEach(Runnable::run);
      assertThat(client.v1().events().inNamespace(NS).list().getItems()).singleElement()
          .satisfies(e -> assertThat(e.getInvolvedObject().getName()).isEqualTo("subject"));

      object.getMetadata().setName("subject");
      KubernetesEvents queued = new KubernetesEvents(client, new EventSender(EventSender.CAPACITY, Duration.ofSeconds(30)));
      for (int i = 2; i <= 30; i++) {
        queued.emitOnce(object, "phase-" + i, i % 2 == 0, "Reason" + i, "Step " + i + ".", at.plusSeconds(i));
      }
      queued.close();
      List<Event> recorded = client.v1().events().inNamespace(NS).list().getItems().stream()
          .sorted(Comparator.comparingLong(e -> Long.parseLong(e.getMetadata().getResourceVersion()))).toList();
      assertThat(recorded).extracting(Event::getReason).containsExactlyElementsOf(IntStream.rangeClosed(1, 30)
          .mapToObj(i -> i == 1 ? "Processing" : "Reason" + i).toList());
      assertThat(recorded).filteredOn(e -> "Reason4".equals(e.getReason())).singleElement()
          .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
    }
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

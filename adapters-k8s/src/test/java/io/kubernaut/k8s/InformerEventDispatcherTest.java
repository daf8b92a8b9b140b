package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class InformerEventDispatcherTest {

  @TempDir
  Path dir;

  @Test
  void theInformersOfTheOperatorsClientsHandTheirEventsToOneThreadOfTheirOwn() throws Exception {
    try (MockApi api = new MockApi(dir);
        KubernetesConnection cluster = KubernetesConnection.at(api.server.url())) {
      for (KubernetesClient client : List.of(api.server.client(), cluster.client())) {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch seen = new CountDownLatch(2);
        String name = "events-" + Integer.toHexString(System.identityHashCode(client));
        SharedIndexInformer<ConfigMap> configMaps = client.configMaps().inNamespace(MockApi.NAMESPACE)
            .withLabel("test", name).inform(recording(threads, seen));
        SharedIndexInformer<Namespace> namespaces = client.namespaces().withLabel("test", name)
            .inform(recording(threads, seen));
        try {
          client.configMaps().inNamespace(MockApi.NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
              .withName(name).addToLabels("test", name).endMetadata().build()).create();
          client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
              .addToLabels("test", name).endMetadata().build()).create();
          assertThat(seen.await(10, TimeUnit.SECONDS)).as("both informers saw their object").isTrue();
          assertThat(threads).as("one thread for both informers").hasSize(1);
          assertThat(threads.iterator().next().getName()).isEqualTo(InformerEventDispatcher.THREAD);
        } finally {
          configMaps.close();
          namespaces.close();
        }
      }
    }
  }

  private static <T> ResourceEventHandler<T> recording(Set<Thread> threads, CountDownLatch seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T added) {
        threads.add(Thread.currentThread());
        seen.countDown();
      }

      @Override
      public void onUpdate(T before, T after) {
        threads.add(Thread.currentThread());
      }

      @Override
      public void onDelete(T deleted, boolean unknownFinalState) {
        threads.add(Thread.currentThread());
      }
    };
  }

  private final Logger logger = (Logger) LoggerFactory.getLogger(InformerEventDispatcher.class);
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final InformerEventDispatcher dispatcher = new InformerEventDispatcher(Duration.ofMillis(200));

  @BeforeEach
  void captureTheLog() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void stop() {
    dispatcher.shutdownNow();
    logger.detachAppender(log);
  }

  @Test
  void aTaskThatHoldsTheThreadIsReportedOnceWhenTheNextIsHandedOver() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    dispatcher.execute(() -> {
      started.countDown();
      await(release);
      ran.add("holder");
    });
    dispatcher.execute(() -> ran.add("quick"));
    // The stall is measured from the holder's start: on a slow host its thread may start late.
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(400);
    dispatcher.execute(() -> ran.add("second"));
    dispatcher.execute(() -> ran.add("third"));
    assertThat(reports()).hasSize(1);
    assertThat(reports().get(0))
        .contains("more than 200 ms").contains("every informer").contains("CountDownLatch.await")
        .contains(InformerEventDispatcherTest.class.getName());

    release.countDown();
    dispatcher.shutdown();
    assertThat(dispatcher.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).containsExactly("holder", "quick", "second", "third");
  }

  @Test
  void aLaterStallIsReportedAgain() throws Exception {
    for (int stall = 1; stall <= 2; stall++) {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(1);
      dispatcher.execute(() -> {
        started.countDown();
        await(release);
      });
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(400);
      dispatcher.execute(done::countDown);
      release.countDown();
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(reports()).hasSize(stall);
    }
  }

  @Test
  void aSlowTaskHandingOverItsSuccessorIsNotReported() throws Exception {
    // fabric8's SerialExecutor hands over an informer's next event from the thread, as the last one ends.
    CountDownLatch done = new CountDownLatch(1);
    dispatcher.execute(() -> {
      sleep(400);
      dispatcher.execute(done::countDown);
    });
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(reports()).isEmpty();
  }

  /** The warnings about this test's tasks (their stacks name it), not another dispatcher's in the JVM. */
  private List<String> reports() {
    return log.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains(InformerEventDispatcherTest.class.getName())).toList();
  }

  @Test
  void theClientsCloseStopsTheThread() {
    InformerEventDispatcher own = (InformerEventDispatcher) InformerEventDispatcher.SUPPLIER.get();
    own.execute(() -> { });
    assertThat(own.allowsCoreThreadTimeOut()).as("no thread kept while idle").isTrue();
    InformerEventDispatcher.SUPPLIER.onClose(own);
    assertThat(own.isShutdown()).isTrue();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

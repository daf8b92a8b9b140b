package io.kubernaut.k8s.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The name index answers what fabric8's dispatcher answers: the same random sequence of creates,
 * reads by name, LISTs (in order), updates, patches, status writes and deletes (objects of one name in two
 * namespaces and two kinds, a cluster-scoped kind, names that do not exist) is run against both,
 * and every answer (found or not, conflict or not, the object's labels, data and status) agrees.
 */
class IndexedCrudDispatcherTest {

  private final List<KubernetesMockServer> servers = new ArrayList<>();
  private KubernetesClient plain;
  private KubernetesClient indexed;

  @BeforeEach
  void start() {
    plain = serve(new KubernetesCrudDispatcher(List.of()));
    indexed = serve(new IndexedCrudDispatcher());
  }

  private KubernetesClient serve(Dispatcher dispatcher) {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher,
        false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    servers.add(server);
    KubernetesClient client = server.createClient();
    for (String ns : List.of("a", "b")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
    return client;
  }

  @AfterEach
  void stop() {
    plain.close();
    indexed.close();
    servers.forEach(KubernetesMockServer::destroy);
  }

  @Test
  void itsWatchEventSenderStopsWithTheServer() {
    IndexedCrudDispatcher dispatcher = new IndexedCrudDispatcher();
    KubernetesClient client = serve(dispatcher);
    KubernetesMockServer server = servers.remove(servers.size() - 1);
    assertThat(dispatcher.sending()).isTrue();

    client.close();
    server.destroy();

    assertThat(dispatcher.sending()).as("the sender thread of a stopped server ends").isFalse();
  }

  @Test
  void aRandomSequenceOfWritesAndReadsByNameIsAnsweredAsTheUnindexedDispatcherAnswersIt() {
    Random random = new Random(19);
    for (int step = 0; step < 600; step++) {
      String ns = random.nextBoolean() ? "a" : "b";
      String name = "obj-" + random.nextInt(12);
      int op = random.nextInt(11);
      String value = Integer.toString(random.nextInt(1000));
      String what = "step " + step + ": op " + op + " on " + ns + "/" + name;
      assertThat(run(indexed, op, ns, name, value)).as(what).isEqualTo(run(plain, op, ns, name, value));
    }
  }

  /**
   * LISTs by label selector (the demo simulator's: a namespace's objects with all of a set of labels,
   * and across namespaces, of a label that some objects share, a label nobody has, a value set and an
   * absent label besides) answer what fabric8's dispatcher answers, in its order, as labels are set,
   * changed and removed and objects deleted and created again.
   */
  @Test
  void listsByLabelAreAnsweredAsTheUnindexedDispatcherAnswersThem() {
    Random random = new Random(23);
    for (int step = 0; step < 500; step++) {
      String ns = random.nextBoolean() ? "a" : "b";
      String name = "obj-" + random.nextInt(8);
      String value = Integer.toString(random.nextInt(3));
      int op = random.nextInt(6);
      String what = "step " + step + ": op " + op + " on " + ns + "/" + name + " = " + value;
      assertThat(labelled(indexed, op, ns, name, value)).as(what).isEqualTo(labelled(plain, op, ns, name, value));
    }
  }

  private static String labelled(KubernetesClient c, int op, String ns, String name, String value) {
    try {
      return switch (op) {
        case 0 -> seen(c.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
            .addToLabels("v", value).addToLabels("app", name.substring(name.length() - 1)).endMetadata().build())
            .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update));
        case 1 -> seen(c.configMaps().inNamespace(ns).withName(name).edit(cm -> new ConfigMapBuilder(cm).editMetadata()
            .removeFromLabels(value.equals("0") ? "app" : "v").addToLabels(value.equals("1") ? "w" : "v", value)
            .endMetadata().build()));
        case 2 -> (run(c, 1, ns, name, value)) + " / " + c.configMaps().inNamespace(ns).withName(name).delete().size();
        case 3 -> listed(c.configMaps().inNamespace(ns).withLabel("v", value).list().getItems()) + " / "
            + listed(c.configMaps().inNamespace(ns).withLabels(Map.of("v", value, "app", name.substring(name.length() - 1)))
                .list().getItems());
        case 4 -> listed(c.configMaps().inAnyNamespace().withLabel("v", value).list().getItems()) + " / "
            + listed(c.configMaps().inAnyNamespace().withLabel("nobody", value).list().getItems()) + " / "
            + listed(c.apps().deployments().inNamespace(ns).withLabel("v", value).list().getItems());
        default -> listed(c.configMaps().inNamespace(ns).withLabel("v", value).withoutLabel("w").list().getItems())
            + " / " + listed(c.configMaps().inNamespace(ns).withLabelIn("v", value, "2").withLabel("app").list().getItems());
      };
    } catch (KubernetesClientException e) {
      return "refused " + e.getCode();
    }
  }

  /**
   * Watches see what they see on fabric8's dispatcher: watches of one kind in one namespace, in all
   * namespaces, by label and by name (field selector), one opened before any object exists and one
   * opened once objects exist (it gets them as ADDED first), get the same events in the same order
   * through the same random sequence of writes.
   */
  @Test
  void watchesGetTheEventsTheUnindexedDispatcherSendsInTheSameOrder() throws Exception {
    Random random = new Random(7);
    List<Watches> both = List.of(new Watches(plain), new Watches(indexed));
    for (int step = 0; step < 300; step++) {
      String ns = random.nextBoolean() ? "a" : "b";
      String name = "obj-" + random.nextInt(6);
      int op = random.nextInt(7);
      String value = Integer.toString(random.nextInt(1000));
      if (step == 150) {
        both.forEach(Watches::late);
      }
      for (Watches w : both) {
        run(w.client, op, ns, name, value);
      }
    }
    // A last write that every watch of configmaps sees, then wait until both sides have it.
    for (Watches w : both) {
      w.client.configMaps().inNamespace("a").resource(new ConfigMapBuilder().withNewMetadata().withName("obj-0")
          .addToLabels("v", "1").endMetadata().addToData("end", "1").build()).createOr(
              io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    }
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (both.stream().anyMatch(w -> !w.ended()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    // Each watch is a stream of its own: its last events may come later than the one waited for. Wait until both sides
    // agree (bounded); a real difference never converges and the assertions below show it.
    long settle = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (!both.get(0).sameAs(both.get(1)) && System.nanoTime() < settle) {
      Thread.sleep(50);
    }
    both.forEach(Watches::close);
    assertThat(both.get(0).seen.values().stream().mapToInt(List::size).sum()).as("events seen").isGreaterThan(150);
    for (String watch : both.get(0).seen.keySet()) {
      assertThat(both.get(1).seen.get(watch)).as(watch).isEqualTo(both.get(0).seen.get(watch));
    }
  }

  /** The watches of one server and the events each saw (type, kind, name, labels, data or replicas). */
  private static final class Watches {

    final KubernetesClient client;
    final Map<String, List<String>> seen = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<io.fabric8.kubernetes.client.Watch> open = new ArrayList<>();

    Watches(KubernetesClient client) {
      this.client = client;
      open.add(client.configMaps().inNamespace("a").watch(recorder("configmaps in a")));
      open.add(client.configMaps().inAnyNamespace().watch(recorder("configmaps anywhere")));
      open.add(client.apps().deployments().inNamespace("b").withLabel("v").watch(recorder("deployments in b with v")));
      open.add(client.configMaps().inNamespace("a").withName("obj-0").watch(recorder("configmap a/obj-0")));
      open.add(client.nodes().watch(recorder("nodes")));
    }

    void late() {
      open.add(client.configMaps().inNamespace("b").watch(recorder("configmaps in b, opened late")));
      open.add(client.apps().deployments().inAnyNamespace().watch(recorder("deployments anywhere, opened late")));
    }

    /** Whether every watch saw the same events in the same order as its twin on {@code other}. */
    boolean sameAs(Watches other) {
      return seen.keySet().equals(other.seen.keySet()) && seen.keySet().stream().allMatch(watch ->
          List.copyOf(seen.get(watch)).equals(List.copyOf(other.seen.get(watch))));
    }

    boolean ended() {
      return seen.getOrDefault("configmap a/obj-0", List.of()).stream().anyMatch(e -> e.contains("end=1"));
    }

    void close() {
      open.forEach(io.fabric8.kubernetes.client.Watch::close);
    }

    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> io.fabric8.kubernetes.client.Watcher<T> recorder(
        String watch) {
      List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
      seen.put(watch, events);
      return new io.fabric8.kubernetes.client.Watcher<>() {
        @Override
        public void eventReceived(Action action, T resource) {
          events.add(action + " " + seen(resource));
        }

        @Override
        public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
      };
    }
  }

  /** One operation and what a caller can see of its answer. */
  private static String run(KubernetesClient c, int op, String ns, String name, String value) {
    try {
      return switch (op) {
        case 0 -> seen(c.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
            .addToLabels("v", value).endMetadata().addToData("v", value).build()).create());
        case 1 -> seen(c.apps().deployments().inNamespace(ns).resource(deployment(name, value)).create());
        case 2 -> seen(c.configMaps().inNamespace(ns).withName(name).get()) + " / "
            + seen(c.apps().deployments().inNamespace(ns).withName(name).get());
        case 3 -> seen(c.configMaps().inNamespace(ns).withName(name).edit(cm -> new ConfigMapBuilder(cm)
            .editMetadata().addToLabels("v", value).endMetadata().addToData("v", value).build()));
        case 4 -> seen(c.apps().deployments().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"labels\":{\"v\":\"" + value + "\"}},\"spec\":{\"replicas\":" + value.length() + "}}"));
        case 5 -> seen(c.apps().deployments().inNamespace(ns).withName(name).editStatus(d -> {
          d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
              .withReplicas(Integer.parseInt(value)).build());
          return d;
        }));
        case 6 -> (random(value) ? c.configMaps() : c.apps().deployments()).inNamespace(ns).withName(name).delete().size()
            + " deleted";
        // LISTs: of a kind in a namespace, by label across namespaces, cluster-scoped, of a kind never stored.
        case 8 -> listed(c.configMaps().inNamespace(ns).list().getItems());
        case 9 -> listed(c.apps().deployments().inAnyNamespace().withLabel("v", value.substring(0, 1) + "0").list()
            .getItems()) + " / " + listed(c.apps().deployments().inNamespace(ns).withLabel("v").list().getItems());
        case 10 -> listed(c.nodes().list().getItems()) + " / " + listed(c.secrets().inNamespace(ns).list().getItems());
        default -> seen(c.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).addToLabels("v", value)
            .endMetadata().build()).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update)) + " / " + seen(c.nodes().withName(name).get());
      };
    } catch (KubernetesClientException e) {
      return "refused " + e.getCode();
    }
  }

  private static String listed(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> items) {
    return items.stream().map(IndexedCrudDispatcherTest::seen).toList().toString();
  }

  private static boolean random(String value) {
    return Integer.parseInt(value) % 2 == 0;
  }

  private static Deployment deployment(String name, String value) {
    return new DeploymentBuilder().withNewMetadata().withName(name).addToLabels("v", value).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
        .addNewContainer().withName("c").withImage("i:" + value).endContainer().endSpec().endTemplate().endSpec().build();
  }

  private static String seen(io.fabric8.kubernetes.api.model.HasMetadata o) {
    if (o == null) {
      return "absent";
    }
    Map<String, Object> shown = new java.util.TreeMap<>();
    shown.put("kind", o.getKind());
    shown.put("name", o.getMetadata().getNamespace() + "/" + o.getMetadata().getName());
    shown.put("labels", o.getMetadata().getLabels());
    shown.put("generation", o.getMetadata().getGeneration());
    if (o instanceof ConfigMap cm) {
      shown.put("data", cm.getData());
    }
    if (o instanceof Deployment d) {
      shown.put("replicas", d.getSpec().getReplicas());
      shown.put("status", d.getStatus());
    }
    return shown.toString();
  }
}

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
 * reads by name, updates, patches, status writes and deletes (objects of one name in two
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
  void aRandomSequenceOfWritesAndReadsByNameIsAnsweredAsTheUnindexedDispatcherAnswersIt() {
    Random random = new Random(19);
    for (int step = 0; step < 600; step++) {
      String ns = random.nextBoolean() ? "a" : "b";
      String name = "obj-" + random.nextInt(12);
      int op = random.nextInt(8);
      String value = Integer.toString(random.nextInt(1000));
      String what = "step " + step + ": op " + op + " on " + ns + "/" + name;
      assertThat(run(indexed, op, ns, name, value)).as(what).isEqualTo(run(plain, op, ns, name, value));
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
        default -> seen(c.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).addToLabels("v", value)
            .endMetadata().build()).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update)) + " / " + seen(c.nodes().withName(name).get());
      };
    } catch (KubernetesClientException e) {
      return "refused " + e.getCode();
    }
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

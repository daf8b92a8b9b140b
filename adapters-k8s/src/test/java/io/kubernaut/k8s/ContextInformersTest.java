package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every namespace's HPAs and PDBs by namespace, once listed and while watched; nothing before or after. */
@EnableKubernetesMockClient(crud = true)
class ContextInformersTest {

  KubernetesClient client;
  io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server;

  private void hpa(String ns, String name) {
    client.resource(new HorizontalPodAutoscalerBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withMaxReplicas(5).withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment")
        .withName(name).endScaleTargetRef().endSpec().build()).create();
  }

  private void pdb(String ns, String name) {
    client.resource(new PodDisruptionBudgetBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector().endSpec().build()).create();
  }

  @Test
  void aNamespacesAutoscalersAndBudgetsComeFromTheWatchOnceListedAndNotAfterTheStop() {
    hpa("shop", "api");
    hpa("billing", "ledger");
    pdb("shop", "api");
    ContextInformers informers = new ContextInformers(client);
    assertThat(informers.autoscalers("shop")).as("before the start: the enricher lists").isEmpty();

    informers.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> informers.autoscalers("shop").isPresent()
          && informers.budgets("shop").isPresent());
      assertThat(informers.autoscalers("shop").orElseThrow()).extracting(h -> h.getMetadata().getName())
          .containsExactly("api");
      assertThat(informers.budgets("shop").orElseThrow()).extracting(p -> p.getMetadata().getName())
          .containsExactly("api");
      assertThat(informers.budgets("billing")).as("watched, and there are none: no list").get()
          .satisfies(list -> assertThat(list).isEmpty());

      hpa("shop", "web");
      await().atMost(Duration.ofSeconds(10)).until(() -> informers.autoscalers("shop").orElseThrow().size() == 2);
      assertThat(informers.autoscalers("shop").orElseThrow()).extracting(HorizontalPodAutoscaler::getMetadata)
          .extracting(m -> m.getName()).containsExactlyInAnyOrder("api", "web");
    } finally {
      informers.close();
    }
    assertThat(informers.autoscalers("shop")).as("after the stop").isEmpty();
    informers.start();
    assertThat(informers.budgets("shop")).as("no start after the stop").isEmpty();
  }

  @Test
  void aBudgetIsKeyedByItsOwnNamespace() {
    pdb("shop", "api");
    ContextInformers informers = new ContextInformers(client);
    informers.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> informers.budgets("shop").isPresent());
      assertThat(informers.budgets("shop").orElseThrow()).extracting(PodDisruptionBudget::getMetadata)
          .extracting(m -> m.getNamespace()).containsOnly("shop");
      assertThat(informers.budgets("other").orElseThrow()).isEmpty();
    } finally {
      informers.close();
    }
  }
  @Test
  void whileTheWatchIsDownNothingIsAnsweredFromTheCopySoTheEnricherReadsTheApiServer() {
    hpa("shop", "api");
    pdb("shop", "api");
    ContextInformers informers = new ContextInformers(client);
    informers.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> informers.autoscalers("shop").isPresent()
          && informers.budgets("shop").isPresent());

      server.destroy(); // the API server goes away: the watches end, and what they copied may go stale

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(informers.autoscalers("shop")).as("autoscalers during the outage").isEmpty();
        assertThat(informers.budgets("shop")).as("budgets during the outage").isEmpty();
      });
    } finally {
      informers.close();
    }
  }
}

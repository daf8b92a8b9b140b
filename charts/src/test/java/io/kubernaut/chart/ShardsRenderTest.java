package io.kubernaut.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardsRenderTest {

  private static String env(Deployment d, String name) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElseThrow();
  }

  @Test
  void oneShardByDefaultIsTheOneDeploymentReconcilingEverything() {
    RenderedChart chart = RenderedChart.withValues();

    assertThat(chart.all(Deployment.class)).singleElement().satisfies(d -> {
      assertThat(d.getMetadata().getName()).isEqualTo(RenderedChart.RELEASE);
      assertThat(env(d, "KUBERNAUT_SHARD")).isEqualTo("0/1");
      assertThat(d.getSpec().getSelector().getMatchLabels()).doesNotContainKey("kubernaut.io/shard");
    });
  }

  @Test
  void twoShardsRenderTwoDeploymentsWithTheirShardAndSelectorsAndOneServiceOverBoth() {
    RenderedChart chart = RenderedChart.withValues("shards.yaml");

    List<Deployment> deployments = chart.all(Deployment.class);
    assertThat(deployments).extracting(d -> d.getMetadata().getName())
        .containsExactly("kubernaut-shard-0", "kubernaut-shard-1");
    for (int i = 0; i < 2; i++) {
      Deployment d = deployments.get(i);
      assertThat(env(d, "KUBERNAUT_SHARD")).isEqualTo(i + "/2");
      assertThat(d.getSpec().getSelector().getMatchLabels()).containsEntry("kubernaut.io/shard", String.valueOf(i));
      assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("kubernaut.io/shard", String.valueOf(i));
    }
    Service service = chart.one(Service.class, RenderedChart.RELEASE);
    assertThat(service.getSpec().getSelector()).doesNotContainKey("kubernaut.io/shard");
    assertThat(deployments).allSatisfy(d ->
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector()));
  }

  @Test
  void eachShardHasADisruptionBudgetOfItsOwnSoADrainCannotTakeAWholeShard() {
    RenderedChart chart = RenderedChart.withValues("shards.yaml");

    List<io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget> budgets =
        chart.all(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class);
    List<Deployment> deployments = chart.all(Deployment.class);
    assertThat(budgets).extracting(b -> b.getMetadata().getName())
        .containsExactly("kubernaut-shard-0", "kubernaut-shard-1");
    for (int i = 0; i < 2; i++) {
      assertThat(budgets.get(i).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
      assertThat(budgets.get(i).getSpec().getSelector().getMatchLabels()).as("exactly shard " + i + "'s pods")
          .isEqualTo(deployments.get(i).getSpec().getSelector().getMatchLabels());
    }
  }
}

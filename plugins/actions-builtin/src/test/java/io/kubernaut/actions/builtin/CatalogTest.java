package io.kubernaut.actions.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.spi.action.RemediationAction;
import io.kubernaut.spi.action.SpiVersion;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class CatalogTest {

  private static List<RemediationAction> catalog() {
    return ServiceLoader.load(RemediationAction.class).stream().map(ServiceLoader.Provider::get).toList();
  }

  @Test
  void servicesFileRegistersTheSeventeenCanonicalActions() {
    assertThat(catalog()).extracting(a -> a.descriptor().name()).containsExactlyInAnyOrder(
        "restart_pod", "delete_pod", "rollout_restart", "scale_deployment", "scale_statefulset",
        "increase_resources", "rollback_deployment", "update_hpa", "expand_pvc", "cordon_node",
        "uncordon_node", "drain_node", "taint_node", "untaint_node", "quarantine_pod",
        "collect_diagnostics", "notify_only");
  }

  @Test
  void everyBuiltinDeclaresTheCurrentSpiVersionAndADescription() {
    assertThat(catalog()).allSatisfy(a -> {
      assertThat(a.descriptor().spiVersion()).isEqualTo(SpiVersion.CURRENT);
      assertThat(a.descriptor().description()).isNotBlank();
    });
  }
}

package io.kubernaut.actions.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.spi.action.AccessNeed;
import io.kubernaut.spi.action.ActionDescriptor;
import io.kubernaut.spi.action.ActionEffect;
import io.kubernaut.spi.action.DisruptionClass;
import io.kubernaut.spi.action.RemediationAction;
import io.kubernaut.spi.action.SpiVersion;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
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

  private static ActionDescriptor descriptor(String name) {
    return catalog().stream().map(RemediationAction::descriptor).filter(d -> d.name().equals(name)).findFirst()
        .orElseThrow();
  }

  private static List<String> access(String name, String kind) {
    return descriptor(name).access(kind).stream().map(CatalogTest::phrase).toList();
  }

  private static String phrase(AccessNeed n) {
    return n.verb() + " " + (n.group().isEmpty() ? "" : n.group() + "/") + n.resource()
        + (n.subresource().isEmpty() ? "" : "/" + n.subresource()) + " " + n.scope();
  }

  @Test
  void drainNodeEvictsPodsAndUpdatesTheNodeAndIsANodeDisruption() {
    assertThat(access("drain_node", "Node")).containsExactly(
        "get nodes TARGET", "update nodes TARGET", "list pods CLUSTER", "create pods/eviction CLUSTER");
    assertThat(descriptor("drain_node").disruptionClass()).isEqualTo(DisruptionClass.NODE);
  }

  @Test
  void restartPodDeletesThePodItTargetsAndIsAPodDisruptionThatRestarts() {
    assertThat(access("restart_pod", "Pod")).containsExactly("get pods TARGET", "patch pods TARGET", "delete pods TARGET");
    assertThat(descriptor("restart_pod").disruptionClass()).isEqualTo(DisruptionClass.POD);
    assertThat(descriptor("restart_pod").effects()).containsExactly(ActionEffect.RESTARTS_PODS);
  }

  @Test
  void notifyOnlyNeedsNoAccessAndDisruptsNothing() {
    assertThat(descriptor("notify_only").access()).isEmpty();
    assertThat(descriptor("notify_only").disruptionClass()).isEqualTo(DisruptionClass.NONE);
  }

  @Test
  void workloadActionsNeedAccessToTheKindOfTheirTargetOnly() {
    assertThat(access("rollout_restart", "StatefulSet")).containsExactly(
        "get apps/statefulsets TARGET", "update apps/statefulsets TARGET");
    assertThat(access("collect_diagnostics", "Deployment")).containsExactly("list events NAMESPACE");
    assertThat(access("collect_diagnostics", "Pod")).contains("get pods/log TARGET");
    assertThat(descriptor("scale_statefulset").effects()).containsExactly(ActionEffect.SETS_REPLICAS);
    assertThat(descriptor("update_hpa").effects()).containsExactly(ActionEffect.BOUNDS_REPLICAS);
  }

  @Test
  void theNodeDisruptionsAreExactlyCordonDrainAndTaint() {
    assertThat(catalog().stream().map(RemediationAction::descriptor)
        .filter(d -> d.disruptionClass() == DisruptionClass.NODE).map(ActionDescriptor::name)
        .collect(Collectors.toSet())).containsExactlyInAnyOrder("cordon_node", "drain_node", "taint_node");
    assertThat(catalog().stream().map(RemediationAction::descriptor)
        .filter(d -> d.effects().contains(ActionEffect.RESTARTS_PODS)).map(ActionDescriptor::name)
        .collect(Collectors.toSet())).containsExactlyInAnyOrder("restart_pod", "rollout_restart", "delete_pod");
  }

  @Test
  void everyBuiltinNamesConcreteResourcesAndNeedsAccessForEachKindItAcceptsExceptNotifyOnly() {
    assertThat(catalog()).map(RemediationAction::descriptor).allSatisfy(d -> {
      assertThat(d.access()).as(d.name()).noneMatch(AccessNeed::isTargetResource);
      if (!d.name().equals("notify_only")) {
        List<String> kinds = d.targetKinds().isEmpty() ? List.of("Deployment") : List.copyOf(d.targetKinds());
        assertThat(kinds).as(d.name()).allSatisfy(k -> assertThat(d.access(k)).isNotEmpty());
      }
    });
  }
}

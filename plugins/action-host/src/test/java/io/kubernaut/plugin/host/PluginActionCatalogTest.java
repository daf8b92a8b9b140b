package io.kubernaut.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.plugin.host.fixtures.FixtureAction;
import io.kubernaut.ports.action.AccessNeed;
import io.kubernaut.ports.action.ActionEffect;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.ActionRisk;
import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.spi.action.ActionDescriptor;
import io.kubernaut.spi.action.RiskLevel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginActionCatalogTest {

  private final PluginActionCatalog catalog = new PluginActionCatalog(
      new PluginLoader(PluginActionCatalogTest.class.getClassLoader()).load(Path.of("target/no-plugins")));

  @Test
  void listsEveryBuiltinSortedByNameWithRiskAndSource() {
    assertThat(catalog.list()).hasSize(17).extracting(ActionInfo::name).isSorted();
    ActionInfo drain = catalog.find("drain_node").orElseThrow();
    assertThat(drain.risk()).isEqualTo(ActionRisk.HIGH);
    assertThat(drain.supportsRollback()).isTrue();
    assertThat(drain.source()).startsWith("classpath:");
  }

  @Test
  void aBuiltinsDeclaredAccessAndImpactReachTheCatalogEntry() {
    ActionInfo drain = catalog.find("drain_node").orElseThrow();

    assertThat(drain.accessFor("Node")).extracting(AccessNeed::display).containsExactly(
        "get nodes on the target", "update nodes on the target", "list pods cluster-wide",
        "create pods/eviction cluster-wide");
    assertThat(drain.impact().disruption()).isEqualTo(DisruptionClass.NODE);
    assertThat(catalog.find("scale_deployment").orElseThrow().impact().has(ActionEffect.SETS_REPLICAS)).isTrue();
    assertThat(catalog.find("notify_only").orElseThrow().access()).isEmpty();
  }

  @Test
  void anSpi10PluginIsAssumedToPatchItsTargetAndIsClassedByItsTargetKinds() {
    PluginActionCatalog legacy = new PluginActionCatalog(PluginLoader.of(List.of(
        new FixtureAction("legacy_any", "1.0") {},
        new FixtureAction("legacy_pods", "1.0") {
          @Override
          public ActionDescriptor descriptor() {
            return new ActionDescriptor("legacy_pods", "0.0.1", "1.0", "Pods only.", List.of(), RiskLevel.LOW, false,
                false, Set.of("Pod"));
          }
        })));

    ActionInfo any = legacy.find("legacy_any").orElseThrow();
    assertThat(any.accessFor("Deployment")).singleElement().satisfies(n -> {
      assertThat(n.isTargetResource()).isTrue();
      assertThat(n.verb()).isEqualTo("patch");
      assertThat(n.scope()).isEqualTo(AccessNeed.Scope.TARGET);
    });
    assertThat(any.impact().disruption()).as("an any-kind action may act on a node").isEqualTo(DisruptionClass.NODE);
    assertThat(any.impact().effects()).isEmpty();
    assertThat(legacy.find("legacy_pods").orElseThrow().impact().disruption()).isEqualTo(DisruptionClass.POD);
  }

  @Test
  void theThirdPartyExamplePluginsDeclaredAccessAndClassReachTheCatalogLikeABuiltins(@TempDir Path plugins)
      throws Exception {
    PluginJars.examplePlugin(plugins);
    PluginActionCatalog withExample = new PluginActionCatalog(
        new PluginLoader(PluginActionCatalogTest.class.getClassLoader()).load(plugins));

    ActionInfo annotate = withExample.find("annotate_workload").orElseThrow();

    assertThat(annotate.source()).contains("example");
    assertThat(annotate.accessFor("StatefulSet")).extracting(AccessNeed::display)
        .containsExactly("get apps/statefulsets on the target (StatefulSet targets)",
            "patch apps/statefulsets on the target (StatefulSet targets)");
    assertThat(annotate.accessFor("Deployment")).extracting(AccessNeed::resource).containsOnly("deployments");
    assertThat(annotate.impact().disruption()).isEqualTo(DisruptionClass.NONE);
  }

  @Test
  void validParametersHaveNoProblems() {
    assertThat(catalog.validate("taint_node", Map.of("key", "gpu", "effect", "NoSchedule"))).isEmpty();
    assertThat(catalog.validate("increase_resources", Map.of("memoryLimit", "1.5Gi", "cpuFactor", "1.5"))).isEmpty();
  }

  @Test
  void validationNamesEveryKindOfProblem() {
    assertThat(catalog.validate("no_such", Map.of())).singleElement().asString().contains("not in the catalog");
    assertThat(catalog.validate("scale_deployment", Map.of())).singleElement().asString().contains("is required");
    assertThat(catalog.validate("scale_deployment", Map.of("replicas", "2", "speed", "fast")))
        .singleElement().asString().contains("speed is not declared");
    assertThat(catalog.validate("scale_deployment", Map.of("replicas", "two")))
        .singleElement().asString().contains("whole number");
    assertThat(catalog.validate("scale_deployment", Map.of("replicas", "5000")))
        .singleElement().asString().contains("at most 1000");
    assertThat(catalog.validate("taint_node", Map.of("key", "gpu", "effect", "Sometimes")))
        .singleElement().asString().contains("must match");
    assertThat(catalog.validate("expand_pvc", Map.of("size", "lots"))).singleElement().asString().contains("quantity");
    assertThat(catalog.validate("delete_pod", Map.of("removeFinalizers", "yes"))).singleElement().asString()
        .contains("true or false");
  }
}

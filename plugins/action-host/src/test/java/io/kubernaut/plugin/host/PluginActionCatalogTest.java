package io.kubernaut.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.ActionRisk;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

package io.kubernaut.k8s.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CRDs the build generates read well in kubectl: columns, explain descriptions, a category. */
class KubectlNativeCrdTest {

  private final List<CustomResourceDefinition> crds = CrdCatalog.definitions();

  @Test
  void alertRemediationColumnsComeInTheDeclaredOrderWithTheWideOnesBehindOWide() {
    List<CustomResourceColumnDefinition> columns = columns(crd("AlertRemediation"));

    assertThat(columns).extracting(CustomResourceColumnDefinition::getName).containsExactly(
        "Phase", "Environment", "Priority", "Alert", "Target", "Outcome", "Age", "Duplicates", "Blocked Until", "Message");
    assertThat(columns).extracting(CustomResourceColumnDefinition::getPriority)
        .containsExactly(0, 0, 0, 0, 0, 0, 0, 1, 1, 1);
  }

  @Test
  void everyKindListsItsColumnsAsDeclaredPhaseFirstAndOnlyWideOnesAfterAge() {
    for (var kind : CrdCatalog.KINDS) {
      List<String> declared = Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
          .map(AdditionalPrinterColumn::name).toList();
      List<CustomResourceColumnDefinition> columns = columns(crd(kind.getSimpleName()));

      assertThat(columns).extracting(CustomResourceColumnDefinition::getName).as(kind.getSimpleName())
          .containsExactlyElementsOf(declared).startsWith("Phase").contains("Age");
      int age = declared.indexOf("Age");
      assertThat(columns.subList(0, age + 1)).as("%s: columns up to Age show by default", kind.getSimpleName())
          .allMatch(c -> c.getPriority() == 0);
      assertThat(columns.subList(age + 1, columns.size())).as("%s: columns after Age show with -o wide", kind.getSimpleName())
          .allMatch(c -> c.getPriority() == 1);
    }
  }

  @Test
  void everyKindIsInTheKubernautCategoryAndKeepsItsShortName() {
    assertThat(crds).hasSize(5).allSatisfy(crd -> {
      assertThat(crd.getSpec().getNames().getCategories()).containsExactly("kubernaut");
      assertThat(crd.getSpec().getNames().getShortNames()).hasSize(1);
    });
    assertThat(crds).extracting(crd -> crd.getSpec().getNames().getShortNames().get(0))
        .containsExactly("ar", "ap", "aia", "wfe", "kex");
  }

  @Test
  void kubectlExplainFindsADescriptionOnEveryKindItsSpecItsStatusAndEachOfTheirFields() {
    for (CustomResourceDefinition crd : crds) {
      String kind = crd.getSpec().getNames().getKind();
      JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
      assertThat(root.getDescription()).as(kind).isNotBlank();
      for (String part : List.of("spec", "status")) {
        JSONSchemaProps schema = root.getProperties().get(part);
        assertThat(schema.getDescription()).as("%s.%s", kind, part).isNotBlank();
        for (Map.Entry<String, JSONSchemaProps> field : schema.getProperties().entrySet()) {
          assertThat(field.getValue().getDescription()).as("%s.%s.%s", kind, part, field.getKey()).isNotBlank();
        }
      }
    }
  }

  private CustomResourceDefinition crd(String kind) {
    return crds.stream().filter(c -> c.getSpec().getNames().getKind().equals(kind)).findFirst().orElseThrow();
  }

  private static List<CustomResourceColumnDefinition> columns(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
  }
}

package io.kubernaut.k8s.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrBool;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernaut.k8s.crd.CrdCatalog;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed CustomResourceDefinitions against this operator's: a field they lack (the API server
 * would drop it), a phase their enum lacks, a rule they lack, a type they changed, a version or the
 * status subresource they do not serve are differences, each named; what they hold beyond this
 * operator's is not.
 */
class InstalledCrdInspectorTest {

  private static final String AP = "alertprocessings.kubernaut.io";
  /** The first definition the inspector reads: the catalog's first kind's. */
  private static final String FIRST = CrdCatalog.definitions().get(0).getMetadata().getName();

  /** A fresh copy of this build's AlertProcessing CRD (read from the classpath each time). */
  private static CustomResourceDefinition processing() {
    return CrdCatalog.definitions().stream().filter(c -> AP.equals(c.getMetadata().getName())).findFirst().orElseThrow();
  }

  private static JSONSchemaProps root(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }

  private static JSONSchemaProps status(CustomResourceDefinition crd) {
    return root(crd).getProperties().get("status");
  }

  @Test
  void everyDefinitionOfThisBuildMatchesItself() {
    for (CustomResourceDefinition crd : CrdCatalog.definitions()) {
      assertThat(InstalledCrdInspector.differences(crd, crd)).as(crd.getMetadata().getName()).isEmpty();
    }
  }

  @Test
  void aStatusFieldTheInstalledDefinitionLacksIsNamedAsOneTheApiServerDrops() {
    CustomResourceDefinition installed = processing();
    assertThat(status(installed).getProperties().remove("seal")).as("the bundled CRD has status.seal").isNotNull();

    assertThat(InstalledCrdInspector.differences(processing(), installed))
        .containsExactly(AP + " v1alpha1: status.seal is missing, so the API server drops it.");
  }

  @Test
  void aPhaseTheInstalledEnumLacksATypeChangedAndASpecRuleDroppedAreEachNamed() {
    CustomResourceDefinition installed = processing();
    JSONSchemaProps phase = status(installed).getProperties().get("phase");
    assertThat(phase.getEnum()).contains(TextNode.valueOf("Routing"));
    phase.setEnum(phase.getEnum().stream().filter(v -> !"Routing".equals(v.asText())).toList());
    status(installed).getProperties().get("seal").setType("integer");
    JSONSchemaProps spec = root(installed).getProperties().get("spec");
    assertThat(spec.getXKubernetesValidations()).isNotEmpty();
    spec.setXKubernetesValidations(List.of());

    assertThat(InstalledCrdInspector.differences(processing(), installed)).containsExactlyInAnyOrder(
        AP + " v1alpha1: status.phase does not allow Routing, so writes of it are refused.",
        AP + " v1alpha1: status.seal is of type integer, not string, so writes of it are refused.",
        AP + " v1alpha1: spec lacks the rule self == oldSelf (spec is immutable), so it is not enforced.");
  }

  @Test
  void aVersionNotServedOrWithoutItsStatusSubresourceIsADifference() {
    CustomResourceDefinition notServed = processing();
    notServed.getSpec().getVersions().get(0).setServed(false);
    assertThat(InstalledCrdInspector.differences(processing(), notServed)).containsExactly(AP + " v1alpha1 is not served.");

    CustomResourceDefinition renamed = processing();
    renamed.getSpec().getVersions().get(0).setName("v1alpha0");
    assertThat(InstalledCrdInspector.differences(processing(), renamed)).containsExactly(AP + " v1alpha1 is not served.");

    CustomResourceDefinition noStatus = processing();
    noStatus.getSpec().getVersions().get(0).getSubresources().setStatus(null);
    assertThat(InstalledCrdInspector.differences(processing(), noStatus))
        .containsExactly(AP + " v1alpha1 has no status subresource, so status writes fail.");
  }

  @Test
  void whatTheInstalledDefinitionKeepsAnywayOrHoldsBeyondThisOperatorsIsNoDifference() {
    CustomResourceDefinition newer = processing();
    status(newer).getProperties().put("addedByALaterRelease", new JSONSchemaProps());
    status(newer).getProperties().get("phase").getEnum().add(TextNode.valueOf("Reconsidering"));
    assertThat(InstalledCrdInspector.differences(processing(), newer)).as("a newer release's definition").isEmpty();

    CustomResourceDefinition preserving = processing();
    status(preserving).getProperties().clear();
    status(preserving).setXKubernetesPreserveUnknownFields(true);
    assertThat(InstalledCrdInspector.differences(processing(), preserving)).as("x-kubernetes-preserve-unknown-fields").isEmpty();

    CustomResourceDefinition openMap = processing();
    status(openMap).getProperties().clear();
    status(openMap).setAdditionalProperties(new JSONSchemaPropsOrBool(true, null));
    assertThat(InstalledCrdInspector.differences(processing(), openMap)).as("additionalProperties: true").isEmpty();
  }

  @Test
  void inspectReadsEachDefinitionByNameAndNamesOneNotInstalledOrOlder(@TempDir Path dir) {
    EmbeddedApiServer server = new EmbeddedApiServer(dir, "kubernaut-system", 0).start();
    try {
      InstalledCrdInspector inspector = new InstalledCrdInspector(server.client());
      assertThat(inspector.inspect().matches()).as("the embedded server installs this build's CRDs").isTrue();
      assertThat(inspector.inspect().unchecked()).isNull();

      CustomResourceDefinition older = processing();
      status(older).getProperties().remove("seal");
      older.getMetadata().setResourceVersion(null);
      server.client().apiextensions().v1().customResourceDefinitions().resource(older).update();
      server.client().apiextensions().v1().customResourceDefinitions().withName("aianalyses.kubernaut.io").delete();

      InstalledCrdInspector.Inspection found = inspector.inspect();
      assertThat(found.matches()).isFalse();
      assertThat(found.differences()).containsExactly(AP + " v1alpha1: status.seal is missing, so the API server drops it.",
          "aianalyses.kubernaut.io is not installed.");
    } finally {
      server.close();
    }
  }

  @Test
  void aDefinitionTheOperatorMayNotReadIsSaidUncheckedTheOthersAreStillComparedAndAnyOtherFailureIsThrown() {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init();
    try {
      String path = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + FIRST;
      server.expect().get().withPath(path).andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
          .withMessage("customresourcedefinitions is forbidden").build()).once();
      server.expect().get().withPath(path).andReturn(401, new StatusBuilder().withCode(401)
          .withMessage("the token expired").build()).always();
      InstalledCrdInspector inspector = new InstalledCrdInspector(server.createClient());

      InstalledCrdInspector.Inspection forbidden = inspector.inspect();
      assertThat(forbidden.unchecked()).contains("may not read CustomResourceDefinition " + FIRST + " (HTTP 403)",
          "grant get", AP);
      assertThat(forbidden.differences()).as("the others, read: this server has none of them").hasSize(4)
          .allSatisfy(d -> assertThat(d).endsWith(" is not installed.")).noneMatch(d -> d.startsWith(FIRST));
      assertThat(forbidden.matches()).isFalse();

      assertThatThrownBy(inspector::inspect).isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("the token expired");
    } finally {
      server.destroy();
    }
  }

  @Test
  void constraintsTheInstalledDefinitionAddsAreCautionsToldButNotHeldAgainstTheStart() {
    CustomResourceDefinition installed = processing();
    JSONSchemaProps seal = status(installed).getProperties().get("seal");
    seal.setPattern("^v0:.*$");
    seal.setMaxLength(10L);
    status(installed).getProperties().get("priority").setEnum(List.of(TextNode.valueOf("P0")));
    status(installed).setRequired(List.of("seal"));
    status(installed).setXKubernetesValidations(List.of(new io.fabric8.kubernetes.api.model.apiextensions.v1
        .ValidationRuleBuilder().withRule("has(self.phase)").build()));

    InstalledCrdInspector.Findings found = InstalledCrdInspector.compare(processing(), installed);

    assertThat(found.differences()).as("a newer release's, after a rollback: the start must not stall").isEmpty();
    assertThat(found.cautions()).containsExactlyInAnyOrder(
        AP + " v1alpha1: status.seal must match ^v0:.*$, so writes of it may be refused.",
        AP + " v1alpha1: status.seal must be at most 10 characters there, so writes of it may be refused.",
        AP + " v1alpha1: status.priority allows only P0 there, so writes of other values are refused.",
        AP + " v1alpha1: status.seal is required there, not by this operator, so writes without it are refused.",
        AP + " v1alpha1: status has the rule has(self.phase), which this operator's has not, so writes it allows may"
            + " be refused.");
  }

  @Test
  void belowANodeThatKeepsUnknownFieldsOrAMapWhatIsDeclaredIsStillCompared() {
    CustomResourceDefinition preserving = processing();
    status(preserving).setXKubernetesPreserveUnknownFields(true);
    status(preserving).getProperties().remove("seal");
    status(preserving).getProperties().get("phase").setType("integer");
    assertThat(InstalledCrdInspector.differences(processing(), preserving)).containsExactly(
        AP + " v1alpha1: status.phase is of type integer, not string, so writes of it are refused.");

    CustomResourceDefinition map = processing();
    status(map).getProperties().clear();
    status(map).setAdditionalProperties(new JSONSchemaPropsOrBool(null,
        new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder().withType("string").build()));
    assertThat(InstalledCrdInspector.differences(processing(), map)).as("each field an entry of a map of strings")
        .isNotEmpty().allSatisfy(d -> assertThat(d).contains(" is of type string, not ")).noneMatch(d -> d.contains("missing"));
  }
}

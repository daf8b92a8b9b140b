package io.kubernaut.spi.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpiContractTest {

  @Test
  void hostAcceptsTheSameMajorWithAnOlderOrEqualMinorOnly() {
    assertThat(SpiVersion.isCompatible("1.4", "1.0")).isTrue();
    assertThat(SpiVersion.isCompatible("1.4", "1.3")).isTrue();
    assertThat(SpiVersion.isCompatible("1.4", "1.4")).isTrue();
    assertThat(SpiVersion.isCompatible("1.3", "1.4")).isFalse();
    assertThat(SpiVersion.isCompatible("1.5", "1.4")).isTrue();
    assertThat(SpiVersion.isCompatible("1.4", "1.5")).isFalse();
    assertThat(SpiVersion.isCompatible("1.2", "1.3")).isFalse();
    assertThat(SpiVersion.isCompatible("1.3", "2.0")).isFalse();
    assertThat(SpiVersion.isCompatible("1.0", "one")).isFalse();
    assertThat(SpiVersion.isCompatible("1.0", null)).isFalse();
  }

  @Test
  void aResultKeepsItsResultingTargetThroughWithDetailsAndNeverPrintsIt() {
    io.fabric8.kubernetes.api.model.ConfigMap written = new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("settings").withNamespace("shop").endMetadata()
        .addToData("password", "hunter2").build();

    ActionResult result = ActionResult.succeeded("Changed shop/settings.", Map.of("before", "1"))
        .withResultingTarget(written).withDetails(Map.of("note", "x"));

    assertThat(result.resultingTarget()).isSameAs(written);
    assertThat(result.rollbackData()).containsEntry("before", "1");
    assertThat(result.toString()).contains("resultingTarget=ConfigMap").doesNotContain("hunter2");
    assertThat(new ActionResult(ActionResult.Status.SUCCEEDED, "Done.", Map.of(), Map.of()).resultingTarget())
        .as("the constructor of SPI 1.3 reports none").isNull();
  }

  @Test
  void descriptorRejectsNamesThatAreNotSnakeCase() {
    assertThatThrownBy(() -> new ActionDescriptor("Restart-Pod", "1", SpiVersion.CURRENT, "", List.of(),
        RiskLevel.LOW, false, false, Set.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("snake_case");
  }

  @Test
  void descriptorWithoutTargetKindsAcceptsAnyKind() {
    ActionDescriptor any = new ActionDescriptor("notify", "1", SpiVersion.CURRENT, null, null, RiskLevel.LOW,
        false, false, null);
    ActionDescriptor pods = new ActionDescriptor("kill", "1", SpiVersion.CURRENT, null, null, RiskLevel.HIGH,
        false, false, Set.of("Pod"));

    assertThat(any.acceptsKind("Node")).isTrue();
    assertThat(pods.acceptsKind("Pod")).isTrue();
    assertThat(pods.acceptsKind("Node")).isFalse();
  }

  @Test
  void anSpi10DescriptorNeedsPatchOnItsTargetsResourceAndAssumesItsClassFromItsKinds() {
    ActionDescriptor anyKind = new ActionDescriptor("legacy", "1", "1.0", null, null, RiskLevel.LOW, false, false, null);
    ActionDescriptor pods = new ActionDescriptor("legacy_pods", "1", "1.0", null, null, RiskLevel.LOW, false, false,
        Set.of("Pod"));
    ActionDescriptor workloads = new ActionDescriptor("legacy_apps", "1", "1.0", null, null, RiskLevel.LOW, false, false,
        Set.of("Deployment", "ConfigMap"));
    ActionDescriptor nodes = new ActionDescriptor("legacy_nodes", "1", "1.0", null, null, RiskLevel.LOW, false, false,
        Set.of("Node", "Pod"));

    assertThat(anyKind.access("Deployment")).singleElement().satisfies(n -> {
      assertThat(n.isTargetResource()).isTrue();
      assertThat(n.verb()).isEqualTo("patch");
      assertThat(n.scope()).isEqualTo(AccessNeed.Scope.TARGET);
    });
    assertThat(anyKind.disruptionClass()).as("any kind may be a node").isEqualTo(DisruptionClass.NODE);
    assertThat(nodes.disruptionClass()).isEqualTo(DisruptionClass.NODE);
    assertThat(pods.disruptionClass()).isEqualTo(DisruptionClass.POD);
    assertThat(workloads.disruptionClass()).isEqualTo(DisruptionClass.WORKLOAD);
    assertThat(anyKind.effects()).isEmpty();
  }

  @Test
  void declaredAccessReplacesTheDefaultAndKindSpecificNeedsApplyToTheirKindOnly() {
    ActionDescriptor d = new ActionDescriptor("inspect", "1", SpiVersion.CURRENT, null, null, RiskLevel.LOW, false,
        false, Set.of("Pod", "Deployment"))
        .withAccess(AccessNeed.inNamespace("", "events", "list"),
            AccessNeed.onTarget("", "pods", "get").withSubresource("log").forKind("Pod"))
        .withDisruptionClass(DisruptionClass.NONE)
        .withEffects(ActionEffect.RESTARTS_PODS);

    assertThat(d.access("Deployment")).extracting(AccessNeed::resource).containsExactly("events");
    assertThat(d.access("Pod")).extracting(n -> n.resource() + "/" + n.subresource() + " " + n.verb())
        .containsExactly("events/ list", "pods/log get");
    assertThat(d.disruptionClass()).isEqualTo(DisruptionClass.NONE);
    assertThat(d.effects()).containsExactly(ActionEffect.RESTARTS_PODS);
    assertThat(d.withAccess().access("Pod")).as("declared none").isEmpty();
  }

  @Test
  void accessForAKindTheActionDoesNotAcceptIsADeclarationError() {
    ActionDescriptor pods = new ActionDescriptor("kill", "1", SpiVersion.CURRENT, null, null, RiskLevel.HIGH, false,
        false, Set.of("Pod"));

    assertThatThrownBy(() -> pods.withAccess(AccessNeed.onTarget("", "nodes", "patch").forKind("Node")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind Node");
    assertThatThrownBy(() -> AccessNeed.onTarget("", "pods", " ")).isInstanceOf(IllegalArgumentException.class);
  }

  /** Only a Node-only action with a rollback can say its rollback disrupts a node; anything else fails at load, named. */
  @Test
  void rollbackDisruptsNodeIsADeclarationErrorOutsideANodeOnlyActionWithARollback() {
    ActionDescriptor uncordon = new ActionDescriptor("uncordon", "1", SpiVersion.CURRENT, null, null, RiskLevel.LOW, true,
        true, Set.of("Node"));
    assertThat(uncordon.withEffects(ActionEffect.ROLLBACK_DISRUPTS_NODE).effects())
        .containsExactly(ActionEffect.ROLLBACK_DISRUPTS_NODE);

    ActionDescriptor anyKind = new ActionDescriptor("label", "1", SpiVersion.CURRENT, null, null, RiskLevel.LOW, true,
        true, Set.of());
    assertThatThrownBy(() -> anyKind.withEffects(ActionEffect.ROLLBACK_DISRUPTS_NODE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Action label declares ROLLBACK_DISRUPTS_NODE")
        .hasMessageContaining("target kinds are any");
    ActionDescriptor noRollback = new ActionDescriptor("mark", "1", SpiVersion.CURRENT, null, null, RiskLevel.LOW, true,
        false, Set.of("Node"));
    assertThatThrownBy(() -> noRollback.withEffects(ActionEffect.ROLLBACK_DISRUPTS_NODE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("supports no rollback");
  }

  @Test
  void contextRequiredParameterFailsPermanentlyWhenMissing() {
    ActionContext ctx = ActionContext.builder().target("Pod", "ns", "p").parameters(Map.of("replicas", "3"))
        .client(proxyClient()).build();

    assertThat(ctx.longParam("replicas", 1)).isEqualTo(3);
    assertThat(ctx.booleanParam("force", false)).isFalse();
    assertThatThrownBy(() -> ctx.requiredParam("size")).isInstanceOf(PermanentActionException.class)
        .hasMessageContaining("'size' is required");
  }

  private static io.fabric8.kubernetes.client.KubernetesClient proxyClient() {
    return (io.fabric8.kubernetes.client.KubernetesClient) java.lang.reflect.Proxy.newProxyInstance(
        SpiContractTest.class.getClassLoader(), new Class<?>[] {io.fabric8.kubernetes.client.KubernetesClient.class},
        (proxy, method, args) -> {
          throw new UnsupportedOperationException(method.getName());
        });
  }
}

package io.kubernaut.http.api.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.action.AccessNeed;
import io.kubernaut.ports.action.ActionEffect;
import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.ActionRisk;
import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.action.ParameterInfo;
import io.kubernaut.ports.action.ParameterKind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The body of GET /api/v1/actions (the HTTP round trip is in the app's end-to-end test). */
class ActionRoutesTest {

  @Test
  void eachActionIsListedWithNameVersionRiskSourceAndItsParameters() {
    ActionInfo scale = new ActionInfo("scale_deployment", "1.2.0", ActionRisk.MEDIUM, "Scales.", "classpath:builtin.jar",
        true, true, List.of(new ParameterInfo("replicas", ParameterKind.INTEGER, true, 0d, null, null, "How many.")),
        Set.of("Deployment"));
    Map<String, Object> body = ActionRoutes.body(List.of(scale));

    assertThat(body).containsEntry("count", 1);
    @SuppressWarnings("unchecked")
    Map<String, Object> entry = ((List<Map<String, Object>>) body.get("actions")).get(0);
    assertThat(entry).containsEntry("name", "scale_deployment").containsEntry("version", "1.2.0")
        .containsEntry("risk", "MEDIUM").containsEntry("source", "classpath:builtin.jar")
        .containsEntry("supportsDryRun", true).containsEntry("targetKinds", List.of("Deployment"));
    assertThat(entry.get("parameters").toString()).contains("replicas").contains("INTEGER");
  }

  @Test
  void eachActionIsListedWithTheAccessItNeedsItsDisruptionClassAndItsEffects() {
    ActionInfo drain = new ActionInfo("drain_node", "1.0.0", ActionRisk.HIGH, "Drains.", "classpath:builtin.jar",
        true, true, List.of(), Set.of("Node"),
        List.of(new AccessNeed("", "", "nodes", "", "patch", AccessNeed.Scope.TARGET),
            new AccessNeed("", "", "pods", "eviction", "create", AccessNeed.Scope.CLUSTER)),
        new ActionImpact(DisruptionClass.NODE, Set.of(ActionEffect.RESTARTS_PODS)));
    @SuppressWarnings("unchecked")
    Map<String, Object> entry = ((List<Map<String, Object>>) ActionRoutes.body(List.of(drain)).get("actions")).get(0);

    assertThat(entry).containsEntry("disruptionClass", "NODE").containsEntry("effects", List.of("RESTARTS_PODS"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> access = (List<Map<String, Object>>) entry.get("access");
    assertThat(access).hasSize(2);
    assertThat(access.get(1)).containsEntry("verb", "create").containsEntry("group", "")
        .containsEntry("resource", "pods").containsEntry("subresource", "eviction").containsEntry("scope", "CLUSTER")
        .containsEntry("forKind", "").containsEntry("rule", "create pods/eviction cluster-wide");
    assertThat(access.get(0)).containsEntry("rule", "patch nodes on the target");
  }
}

package io.kubernaut.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.kubernaut.spi.action.AccessNeed;
import io.kubernaut.spi.action.ActionDescriptor;
import io.kubernaut.spi.action.RemediationAction;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The chart's default per-action RBAC is what each built-in action declares it needs, no more
 * and no less, so that the access review of the Validating phase passes for a default install
 * and docs/actions.md describes the chart.
 */
class BuiltinActionRbacTest {

  private static final RenderedChart IMPERSONATION = RenderedChart.withValues("impersonation.yaml");

  private static List<ActionDescriptor> builtins() {
    return ServiceLoader.load(RemediationAction.class).stream().map(p -> p.get().descriptor()).toList();
  }

  @Test
  void eachBuiltinsOwnClusterRoleGrantsExactlyTheAccessItDeclares() {
    assertThat(builtins()).hasSize(17).allSatisfy(action -> {
      ClusterRole role = IMPERSONATION.one(ClusterRole.class, "kubernaut-action-" + action.name().replace('_', '-'));
      assertThat(granted(role.getRules())).as("rules of %s in values.yaml", action.name()).isEqualTo(declared(action));
    });
  }

  /** {@code group resource[/subresource] verb} for every declared need, whatever kind it applies to. */
  private static Set<String> declared(ActionDescriptor action) {
    Set<String> needs = new TreeSet<>();
    for (AccessNeed n : action.access()) {
      assertThat(n.isTargetResource()).as("%s names its resources", action.name()).isFalse();
      needs.add(n.group() + " " + n.resource() + (n.subresource().isEmpty() ? "" : "/" + n.subresource()) + " " + n.verb());
    }
    return needs;
  }

  private static Set<String> granted(List<PolicyRule> rules) {
    Set<String> granted = new TreeSet<>();
    for (PolicyRule rule : rules == null ? List.<PolicyRule>of() : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(group + " " + resource + " " + verb);
          }
        }
      }
    }
    return granted;
  }
}

package io.kubernaut.core.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagedScopeTest {

  @Test
  void anEmptySelectorManagesEveryNamespace() {
    assertThat(ManagedScope.of("").includes(Map.of())).isTrue();
    assertThat(ManagedScope.everything().isEverything()).isTrue();
    assertThat(ManagedScope.of("*").includes(Map.of("any", "thing"))).isTrue();
  }

  @Test
  void theOptInLabelMustBeSetToTrue() {
    ManagedScope scope = ManagedScope.of("kubernaut.io/managed=true");
    assertThat(scope.includes(Map.of("kubernaut.io/managed", "true"))).isTrue();
    assertThat(scope.includes(Map.of("kubernaut.io/managed", "false"))).isFalse();
    assertThat(scope.includes(Map.of())).isFalse();
  }

  @Test
  void aNamespaceThatOptedOutIsNeverInScopeWhateverTheSelector() {
    for (String selector : new String[] {"", "*", "team=a", "kubernaut.io/managed!=true"}) {
      ManagedScope scope = ManagedScope.of(selector);
      assertThat(scope.includes(Map.of("team", "a", "kubernaut.io/managed", "FALSE"))).as(selector).isFalse();
      assertThat(scope.includes(Map.of("team", "a"))).as(selector).isTrue();
    }
    assertThat(ManagedScope.optedOut(Map.of("kubernaut.io/managed", "false"))).isTrue();
    assertThat(ManagedScope.optedOut(null)).isFalse();
  }

  @Test
  void everyRequirementMustHold() {
    ManagedScope scope = ManagedScope.of("team==payments, tier!=critical, kubernaut.io/managed, !frozen");
    assertThat(scope.includes(Map.of("team", "payments", "kubernaut.io/managed", ""))).isTrue();
    assertThat(scope.includes(Map.of("team", "payments", "kubernaut.io/managed", "", "tier", "critical"))).isFalse();
    assertThat(scope.includes(Map.of("team", "payments", "kubernaut.io/managed", "", "frozen", "yes"))).isFalse();
    assertThat(scope.includes(Map.of("team", "payments"))).isFalse();
  }

  @Test
  void aSetBasedOrMalformedSelectorIsRefusedNamingThePart() {
    assertThatThrownBy(() -> ManagedScope.of("team in (a,b)")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("team in (a");
    assertThatThrownBy(() -> ManagedScope.of("=true")).hasMessageContaining("\"=true\"");
  }
}

package io.kubernaut.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.action.ActionEffect;
import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.safety.ResourceBounds;
import io.kubernaut.ports.safety.SafetyLimits;
import io.kubernaut.ports.safety.SafetyPolicy;
import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrowthLimitsTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final TargetRef API = new TargetRef("Deployment", "shop", "api");
  private static final TargetRef DATA = new TargetRef("PersistentVolumeClaim", "shop", "data");
  private static final ActionImpact RAISES = new ActionImpact(DisruptionClass.WORKLOAD, Set.of(ActionEffect.RAISES_LIMITS));
  private static final ActionImpact GROWS = new ActionImpact(DisruptionClass.NONE, Set.of(ActionEffect.GROWS_STORAGE));
  private final SafetyEnvelope envelope = new SafetyEnvelope("kubernaut-system");

  private SafetyVerdict check(ActionImpact impact, TargetRef target, Map<String, String> params, Map<String, String> observed,
      SafetyPolicy policy) {
    return envelope.check(new SafetyRequest("ar-1", "f".repeat(64), "production", "raise", impact, target, params, null,
        observed, List.of(), List.of(), policy, false, NOW));
  }

  @ParameterizedTest(name = "{0} over {1}: allowed={2}")
  @CsvSource({
      "memoryLimit=512Mi, 256Mi, true",
      "memoryLimit=513Mi, 256Mi, false",
      "memoryFactor=2, 256Mi, true",
      "memoryFactor=2.5, 256Mi, false",
      "memoryLimit=32Gi, 20Gi, false",
      "memoryFactor=1.5, 12Gi, false",
      "cpuLimit=1, 500m, true",
      "cpuLimit=1500m, 500m, false",
      "cpuFactor=10, 100m, false",
      "cpuLimit=9, '', false",
      "cpuLimit=1, '', false",
      "memoryLimit=64Mi, '', false",
      "memoryLimit=lots, 256Mi, false",
      "memoryFactor=many, 256Mi, false"})
  void raisingLimitsStaysWithinTheFactorAndTheCeiling(String param, String current, boolean allowed) {
    String[] kv = param.split("=");
    String observedKey = kv[0].startsWith("memory") ? "memoryLimit" : "cpuLimit";
    Map<String, String> observed = current.isEmpty() ? Map.of() : Map.of(observedKey, current);

    SafetyVerdict v = check(RAISES, API, Map.of(kv[0], kv[1]), observed, SafetyPolicy.standard());

    assertThat(v.allowed()).as(v.message()).isEqualTo(allowed);
    if (!allowed) {
      assertThat(v.reason()).isEqualTo(ConditionReason.ResourceBound);
    }
  }

  @Test
  void aFirstLimitOnAContainerWithoutOneIsRefusedAsNothingToRaise() {
    SafetyVerdict v = check(RAISES, API, Map.of("memoryLimit", "64Mi"), Map.of(), SafetyPolicy.standard());
    assertThat(v.allowed()).isFalse();
    assertThat(v.reason()).isEqualTo(ConditionReason.ResourceBound);
    assertThat(v.message()).contains("would set a first memory limit of 64Mi: the container has none to raise");
  }

  @Test
  void aDenialNamesTheRuleTheNumbersAndTheEnvironment() {
    SafetyVerdict factor = check(RAISES, API, Map.of("memoryLimit", "1Gi"), Map.of("memoryLimit", "256Mi"),
        SafetyPolicy.standard());
    assertThat(factor.message()).contains("from 256Mi by a factor of 4.00, more than maxResourceFactor 2.0 for production");
    SafetyVerdict ceiling = check(GROWS, DATA, Map.of("size", "1536Gi"), Map.of("storage", "1Ti"), SafetyPolicy.standard());
    assertThat(ceiling.message()).contains("above maxStorageSize 1Ti for production");
  }

  @Test
  void growingAVolumeStaysWithinItsOwnFactorAndSizeAndTheBoundsArePerEnvironment() {
    assertThat(check(GROWS, DATA, Map.of("size", "20Gi"), Map.of("storage", "10Gi"), SafetyPolicy.standard()).allowed())
        .isTrue();
    assertThat(check(GROWS, DATA, Map.of("size", "30Gi"), Map.of("storage", "10Gi"), SafetyPolicy.standard()).reason())
        .isEqualTo(ConditionReason.ResourceBound);
    SafetyLimits generous = new SafetyLimits(50, 3, 1, java.time.Duration.ofMinutes(5), 3, java.time.Duration.ofHours(1),
        java.time.Duration.ofHours(2), 3, java.time.Duration.ofMinutes(5), 3, new ResourceBounds(2, "16Gi", "8", 4, "2Ti"));
    SafetyPolicy production = new SafetyPolicy(SafetyLimits.defaults(), Map.of("production", generous),
        SafetyPolicy.DEFAULT_PROTECTED);
    assertThat(check(GROWS, DATA, Map.of("size", "30Gi"), Map.of("storage", "10Gi"), production).allowed()).isTrue();
  }

  @Test
  void anActionThatDeclaresNoGrowthIsNotJudgedByItsParameterNames() {
    ActionImpact quiet = new ActionImpact(DisruptionClass.WORKLOAD, Set.of());
    assertThat(check(quiet, API, Map.of("memoryLimit", "64Gi", "size", "9Ei"), Map.of(), SafetyPolicy.standard()).allowed())
        .isTrue();
  }

  @Test
  void aCeilingThatIsNotAQuantityIsRefusedWhenConfigured() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ResourceBounds(2, "sixteen", "8", 2, "1Ti"))
        .hasMessageContaining("maxMemoryLimit \"sixteen\" is not a Kubernetes quantity");
  }
}

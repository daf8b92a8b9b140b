package io.kubernaut.core.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.ports.remediation.Environment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StormPolicyTest {

  @Test
  void defaultsFollowBrAlert003PerEnvironmentAndUnknownUsesStaging() {
    StormPolicy policy = StormPolicy.defaults();

    assertThat(policy.ruleFor(Environment.PRODUCTION)).isEqualTo(new StormPolicy.Rule(5, 3, Duration.ofMinutes(5)));
    assertThat(policy.ruleFor(Environment.STAGING)).isEqualTo(new StormPolicy.Rule(8, 5, Duration.ofMinutes(10)));
    assertThat(policy.ruleFor(Environment.DEVELOPMENT)).isEqualTo(new StormPolicy.Rule(10, 8, Duration.ofMinutes(15)));
    assertThat(policy.ruleFor(Environment.UNKNOWN)).isEqualTo(policy.ruleFor(Environment.STAGING));
  }

  @Test
  void configuredEntryOverridesOnlyItsEnvironmentAndUnknownFollowsTheNewStaging() {
    StormPolicy policy = StormPolicy.parse("staging=20/4/30s");

    assertThat(policy.ruleFor(Environment.STAGING)).isEqualTo(new StormPolicy.Rule(20, 4, Duration.ofSeconds(30)));
    assertThat(policy.ruleFor(Environment.UNKNOWN)).isEqualTo(new StormPolicy.Rule(20, 4, Duration.ofSeconds(30)));
    assertThat(policy.ruleFor(Environment.PRODUCTION).count()).isEqualTo(5);
  }

  @Test
  void malformedEntryIsRejectedWithTheExpectedForm() {
    assertThatThrownBy(() -> StormPolicy.parse("production=5-3-5m"))
        .hasMessageContaining("production=5/3/5m");
    assertThatThrownBy(() -> StormPolicy.parse("moon=5/3/5m")).hasMessageContaining("moon=5/3/5m");
    assertThatThrownBy(() -> StormPolicy.parse("production=5/99/5m")).hasMessageContaining("rate count from 1 to 32");
  }
}

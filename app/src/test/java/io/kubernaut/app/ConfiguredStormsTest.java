package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.core.storm.StormPolicy;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConfiguredStormsTest {

  @Test
  void stormYamlInTheConfigMapOverridesTheEnvironmentSettingAndAppliesWhenItChanges() {
    PipelinePolicy defaults = PipelinePolicy.defaults();
    AtomicReference<PipelinePolicy> current = new AtomicReference<>(defaults);
    StormPolicy fromEnvironment = StormPolicy.parse("production=5/3/5m");
    ConfiguredStorms storms = new ConfiguredStorms(fromEnvironment, current::get);

    assertThat(storms.get()).isSameAs(fromEnvironment);

    current.set(new PipelinePolicy(defaults.timeouts(), defaults.retention(), false, false, defaults.gates(),
        defaults.safety(), "production=2/2/1m"));
    assertThat(storms.get().ruleFor(io.kubernaut.ports.remediation.Environment.PRODUCTION).count()).isEqualTo(2);
    assertThat(storms.get()).isSameAs(storms.get());
  }

  @Test
  void thresholdsTheDetectorCannotReadKeepThoseInForceBeforeInsteadOfFailingEachDuplicate() {
    PipelinePolicy defaults = PipelinePolicy.defaults();
    AtomicReference<PipelinePolicy> current = new AtomicReference<>(defaults);
    ConfiguredStorms storms = new ConfiguredStorms(StormPolicy.parse("production=5/3/5m"), current::get);
    current.set(new PipelinePolicy(defaults.timeouts(), defaults.retention(), false, false, defaults.gates(),
        defaults.safety(), "production=2/2/1m"));
    StormPolicy good = storms.get();

    current.set(new PipelinePolicy(defaults.timeouts(), defaults.retention(), false, false, defaults.gates(),
        defaults.safety(), "production=2/99/1h30m"));

    assertThat(storms.get()).isSameAs(good);
  }
}

package io.kubernaut.app;

import io.kubernaut.core.storm.StormPolicy;
import io.kubernaut.ports.out.PolicySource;
import java.util.function.Supplier;

/**
 * The storm thresholds in force: {@code storm.yaml} of {@code kubernaut-config} when it has them,
 * else {@code KUBERNAUT_STORM_THRESHOLDS}. Parsed once per distinct text.
 */
final class ConfiguredStorms implements Supplier<StormPolicy> {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfiguredStorms.class);

  private record Parsed(String text, StormPolicy policy) {}

  private final StormPolicy fromEnvironment;
  private final PolicySource policies;
  private volatile Parsed last = new Parsed(null, null);

  ConfiguredStorms(StormPolicy fromEnvironment, PolicySource policies) {
    this.fromEnvironment = fromEnvironment;
    this.policies = policies;
  }

  @Override
  public StormPolicy get() {
    String text = policies.current().stormThresholds();
    if (text == null) {
      return fromEnvironment;
    }
    Parsed cached = last;
    if (!text.equals(cached.text())) {
      StormPolicy parsed;
      try {
        parsed = StormPolicy.parse(text);
      } catch (RuntimeException e) {
        // The ConfigMap's parser refuses what this would; should the two ever differ, a duplicate is still
        // answered, with the thresholds in force before, never with an error.
        parsed = cached.policy() == null ? fromEnvironment : cached.policy();
        LOG.error("storm.yaml thresholds \"{}\" are invalid; the thresholds in force before stay: {}", text, e.getMessage());
      }
      cached = new Parsed(text, parsed);
      last = cached;
    }
    return cached.policy();
  }
}

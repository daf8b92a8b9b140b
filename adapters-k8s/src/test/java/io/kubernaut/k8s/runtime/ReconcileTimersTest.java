package io.kubernaut.k8s.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.api.config.BaseConfigurationService;
import io.kubernaut.k8s.analysis.AIAnalysisReconciler;
import io.kubernaut.k8s.processing.AlertProcessingReconciler;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * JOSDK re-reconciles every object of a controller after at most a maximal interval (10 hours by
 * default) and keeps a timer per object for it: with 10,000 waiting remediations, one for each of
 * their AlertProcessings and AIAnalyses. Those two do their work in one call and never redo it, so
 * they keep none.
 */
class ReconcileTimersTest {

  private final BaseConfigurationService configurations = new BaseConfigurationService();

  @Test
  void theOneShotChildControllersKeepNoTimerPerObject() {
    PrimaryRelays relays = PrimaryRelays.on(null);
    assertThat(configurations.getConfigurationFor(new AlertProcessingReconciler(null, relays, Clock.systemUTC()))
        .maxReconciliationInterval()).isEmpty();
    assertThat(configurations.getConfigurationFor(new AIAnalysisReconciler(null, null, null, relays, Clock.systemUTC()))
        .maxReconciliationInterval()).isEmpty();
  }
}

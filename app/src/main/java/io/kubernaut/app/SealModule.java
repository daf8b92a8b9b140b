package io.kubernaut.app;

import dagger.Module;
import dagger.Provides;
import io.kubernaut.db.DatabaseSettings;
import io.kubernaut.k8s.status.StatusSealer;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seal on the results the pipeline acts on, keyed from the audit key: every replica and every
 * restart with the same {@code KUBERNAUT_AUDIT_KEY} (the chart's Secret; in embedded mode the
 * generated file) verifies the others' seals. Without a key nothing is sealed, and the operator says
 * so once.
 */
@Module
abstract class SealModule {

  private static final Logger LOG = LoggerFactory.getLogger(SealModule.class);

  private SealModule() {}

  @Provides
  @Singleton
  static StatusSealer statusSealer(DatabaseSettings settings) {
    if (settings.auditKey().isEmpty()) {
      LOG.warn("No audit key is set (KUBERNAUT_AUDIT_KEY): the results of AlertProcessing and AIAnalysis are not "
          + "sealed, so a status written by hand is trusted unless the chart's admission policy refuses it.");
      return StatusSealer.OFF;
    }
    var key = settings.auditKey().get();
    return StatusSealer.keyed(key.derive(StatusSealer.purpose()),
        key.retired().stream().map(retired -> retired.derive(StatusSealer.purpose())).toList());
  }
}

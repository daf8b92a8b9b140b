package io.kubernaut.db;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.kubernaut.ports.out.AuditChainVerifier;
import io.kubernaut.ports.out.AuditQueries;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.out.HealthIndicator;
import io.kubernaut.ports.out.RemediationHistory;
import io.kubernaut.ports.out.RemediationNames;
import javax.inject.Singleton;

/**
 * The database adapter's one public Dagger module. Needs {@link DatabaseSettings}; provides
 * {@link Database} (call {@link Database#start()} once at boot and {@link Database#close()} at
 * shutdown, which also flushes the audit queue), the {@link HealthIndicator} into a set, and the
 * ports {@link AuditTrail}, {@link AuditQueries}, {@link AuditChainVerifier}, {@link RemediationHistory} and {@link RemediationNames}.
 */
@Module
public abstract class DatabaseModule {

  private DatabaseModule() {}

  @Provides
  @Singleton
  static Database database(DatabaseSettings settings) {
    return new Database(settings);
  }

  @Provides
  @IntoSet
  static HealthIndicator databaseHealth(Database database) {
    return database;
  }

  /** The audit writer starts with the component; it retries until the database is started and reachable. */
  @Provides
  @Singleton
  static AuditTrail auditTrail(Database database) {
    return JdbcAuditTrail.start(database, AuditTrailSettings.DEFAULTS);
  }

  @Binds
  abstract AuditQueries auditQueries(JdbcAuditQueries queries);

  @Binds
  abstract AuditChainVerifier auditChainVerifier(JdbcAuditChainVerifier verifier);

  @Binds
  abstract RemediationHistory remediationHistory(JdbcRemediationHistory history);

  @Binds
  abstract RemediationNames remediationNames(JdbcRemediationNames names);
}

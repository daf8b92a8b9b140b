package io.kubernaut.db.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dagger.BindsInstance;
import dagger.Component;
import io.kubernaut.db.Database;
import io.kubernaut.db.DatabaseModule;
import io.kubernaut.db.DatabaseSettings;
import io.kubernaut.ports.audit.AuditEventQuery;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.out.AuditQueries;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.out.HealthIndicator;
import io.kubernaut.ports.out.RemediationHistory;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import javax.inject.Singleton;
import org.junit.jupiter.api.Test;

/** Wires the module from outside its package, as the app's component does, in embedded mode. */
class DatabaseModuleWiringTest {

  @Singleton
  @Component(modules = DatabaseModule.class)
  interface TestComponent {
    Database database();

    AuditTrail auditTrail();

    AuditQueries auditQueries();

    RemediationHistory remediationHistory();

    Set<HealthIndicator> healthIndicators();

    @Component.Factory
    interface Factory {
      TestComponent create(@BindsInstance DatabaseSettings settings);
    }
  }

  @Test
  void theAppCanInjectTheAuditPortsAndAnEventRecordedThroughOneIsReadThroughTheOther() {
    Path dataDir = Path.of("target", "wiring-pg-" + System.nanoTime());
    TestComponent component = DaggerDatabaseModuleWiringTest_TestComponent.factory()
        .create(new DatabaseSettings(Optional.empty(), "", "", dataDir, Duration.ofSeconds(2)));
    Database database = component.database().start();
    try {
      AuditEvents ar = new AuditEvents("ar-wired", new Fingerprint("a".repeat(64)), new TargetRef("Pod", "demo", "p"));
      assertThat(component.auditTrail()).isSameAs(component.auditTrail());
      assertThat(component.auditTrail().record(ar.finalRecord(Instant.parse("2025-01-01T00:00:00Z"), "Completed",
          "Remediated", null))).isEqualTo(RecordResult.QUEUED);

      await().atMost(Duration.ofSeconds(10)).until(() -> component.auditTrail().isFinalRecordPersisted("ar-wired"));
      assertThat(component.auditQueries().events(AuditEventQuery.all().withRemediation("ar-wired")).events()).hasSize(1);
      assertThat(component.remediationHistory().successRates("None")).isEmpty();
      assertThat(component.healthIndicators()).extracting(HealthIndicator::component).containsExactly("database");
      assertThat(component.healthIndicators().iterator().next().health().ready()).isTrue();
    } finally {
      database.close();
    }
  }
}

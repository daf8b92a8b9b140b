package io.kubernaut.db;

import static io.kubernaut.db.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.history.ActionEffectiveness;
import io.kubernaut.ports.history.Patterns;
import io.kubernaut.ports.history.RemediationRecord;
import io.kubernaut.ports.history.SuccessRate;
import io.kubernaut.ports.history.TargetEffectiveness;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A seeded history. OOM on payments-api (fingerprint "pay"): ar-1 restart-pod then
 * increase-memory, verified Remediated; ar-2 the same, verified NotRemediated; ar-3 restart-pod
 * rolled back after a failed verification; ar-4 restart-pod DryRun. Crash loop on checkout
 * (fingerprint "shop"): ar-5 restart-pod verified Remediated; ar-6 rollback-deployment verified
 * Inconclusive; ar-8 restart-pod failed to run (the remediation Failed, nothing verified). ar-7 is a
 * one-off NodeNotReady. ar-N is created at T0 + N hours. An external writer posted a failed restart-pod
 * and a successful increase-memory on ar-1 after the operator's records: neither counts.
 */
class JdbcRemediationHistoryTest {

  private static final TargetRef PAYMENTS = new TargetRef("Deployment", "payments-staging", "payments-api");
  private static final TargetRef CHECKOUT = new TargetRef("Deployment", "shop-prod", "checkout");
  private static final String OOM = "KubePodOOMKilled";
  private static final String CRASH = "KubePodCrashLooping";
  private static Database database;
  private static JdbcRemediationHistory history;

  @BeforeAll
  static void seed() {
    database = TestPostgres.freshDatabase();
    history = new JdbcRemediationHistory(database);
    List<AuditEvent> events = new ArrayList<>();
    remediation(events, 1, "pay", PAYMENTS, OOM, "Completed", "Remediated", step(1, "restart-pod", "Succeeded"),
        step(2, "increase-memory", "Succeeded"));
    remediation(events, 2, "pay", PAYMENTS, OOM, "Completed", "NotRemediated", step(1, "restart-pod", "Succeeded"),
        step(2, "increase-memory", "Succeeded"));
    remediation(events, 3, "pay", PAYMENTS, OOM, "Completed", "RolledBack", step(1, "restart-pod", "Succeeded"),
        step(1, "restart-pod", "RolledBack"));
    remediation(events, 4, "pay", PAYMENTS, OOM, "Completed", "DryRun", step(1, "restart-pod", "DryRun"));
    remediation(events, 5, "shop", CHECKOUT, CRASH, "Completed", "Remediated", step(1, "restart-pod", "Succeeded"));
    remediation(events, 6, "shop", CHECKOUT, CRASH, "Completed", "Inconclusive",
        step(1, "rollback-deployment", "Succeeded"));
    remediation(events, 7, "node", new TargetRef("Node", "", "worker-1"), "NodeNotReady", "Completed", "Remediated");
    remediation(events, 8, "shop", CHECKOUT, CRASH, "Failed", "Failed", step(1, "restart-pod", "Failed"));
    // An external writer's ACTION records, later than the operator's: in the trail, never in the history.
    AuditEvent ar1 = events.get(1);
    events.add(external("runner-1", ar1, T0.plusSeconds(3600 + 300), "1", "restart-pod", "Failed"));
    events.add(external("runner-2", ar1, T0.plusSeconds(3600 + 300), "9", "increase-memory", "Succeeded"));
    Fixtures.write(database, events);
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void effectivenessCountsVerifiedOutcomesNotThatTheActionRan() {
    assertThat(history.effectiveness(T0, java.util.Optional.empty(), 100)).as("an action that ran in a remediation verified NotRemediated, RolledBack or "
        + "Inconclusive is no success; one in a failed remediation (ar-8) or a dry run is no verified attempt").containsExactly(
        new ActionEffectiveness(CRASH, "restart-pod", "Deployment", new SuccessRate(1, 1)),
        new ActionEffectiveness(OOM, "increase-memory", "Deployment", new SuccessRate(2, 1)),
        new ActionEffectiveness(OOM, "restart-pod", "Deployment", new SuccessRate(3, 1)),
        new ActionEffectiveness(CRASH, "rollback-deployment", "Deployment", new SuccessRate(1, 0)));
  }

  @Test
  void effectivenessOnlyCountsActionsSinceTheAskedInstant() {
    assertThat(history.effectiveness(T0.plusSeconds(2 * 3600), java.util.Optional.of(OOM), 100))
        .containsExactly(
            new ActionEffectiveness(OOM, "restart-pod", "Deployment", new SuccessRate(2, 0)),
            new ActionEffectiveness(OOM, "increase-memory", "Deployment", new SuccessRate(1, 0)));
  }

  @Test
  void successRatesPerTargetObjectAndAction() {
    assertThat(history.effectivenessByTarget(T0, 100)).containsExactly(
        new TargetEffectiveness(PAYMENTS, "increase-memory", new SuccessRate(2, 1)),
        new TargetEffectiveness(PAYMENTS, "restart-pod", new SuccessRate(3, 1)),
        new TargetEffectiveness(CHECKOUT, "restart-pod", new SuccessRate(1, 1)),
        new TargetEffectiveness(CHECKOUT, "rollback-deployment", new SuccessRate(1, 0)));
  }

  @Test
  void theRuleEngineGetsEachActionsSuccessRateForItsAlertBestFirst() {
    Map<String, SuccessRate> rates = history.successRates(OOM);

    assertThat(rates.keySet()).containsExactly("increase-memory", "restart-pod");
    assertThat(rates.get("restart-pod").rate()).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(rates.get("increase-memory").rate()).isEqualTo(0.5);
    assertThat(history.successRates("NeverSeen")).isEmpty();
  }

  @Test
  void patternsNameRecurringFingerprintsAndIneffectiveActionsWorstFirst() {
    Patterns patterns = history.patterns(T0, 2, 1, 0.5, 100);

    assertThat(patterns.recurring()).extracting(r -> r.fingerprint().hex(), r -> r.remediations(), r -> r.unsuccessful())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Fixtures.fingerprint("pay").hex(), 4, 2),
            org.assertj.core.groups.Tuple.tuple(Fixtures.fingerprint("shop").hex(), 3, 2));
    assertThat(patterns.recurring().get(0).alertName()).isEqualTo(OOM);
    assertThat(patterns.recurring().get(0).firstSeen()).isEqualTo(T0.plusSeconds(3600));
    assertThat(patterns.recurring().get(0).lastSeen()).isEqualTo(T0.plusSeconds(4 * 3600));
    assertThat(patterns.ineffective()).extracting(ActionEffectiveness::actionType, e -> e.rate().attempts())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("rollback-deployment", 1),
            org.assertj.core.groups.Tuple.tuple("restart-pod", 3));
  }

  /** Each list is read at most {@code limit} long, in its order: a long history is never loaded whole. */
  @Test
  void everyIntelligenceListIsLimitedInTheDatabaseInItsOwnOrder() {
    assertThat(history.effectiveness(T0, java.util.Optional.empty(), 2)).extracting(ActionEffectiveness::actionType)
        .containsExactly("restart-pod", "increase-memory");
    assertThat(history.effectiveness(T0, java.util.Optional.of(CRASH), 1)).extracting(ActionEffectiveness::actionType)
        .as("the alert name narrows before the limit").containsExactly("restart-pod");
    assertThat(history.effectivenessByTarget(T0, 1)).containsExactly(
        new TargetEffectiveness(PAYMENTS, "increase-memory", new SuccessRate(2, 1)));
    Patterns first = history.patterns(T0, 2, 1, 0.5, 1);
    assertThat(first.recurring()).extracting(r -> r.fingerprint().hex()).containsExactly(Fixtures.fingerprint("pay").hex());
    assertThat(first.ineffective()).extracting(ActionEffectiveness::actionType).as("worst first")
        .containsExactly("rollback-deployment");
  }

  @Test
  void aTargetsHistoryIsNewestFirstAndLimited() {
    List<RemediationRecord> records = history.historyOf(PAYMENTS, 2);

    assertThat(records).extracting(RemediationRecord::remediationId).containsExactly("ar-4", "ar-3");
    assertThat(records.get(1).outcome()).contains("RolledBack");
    assertThat(history.historyOf(new TargetRef("Deployment", "shop-prod", "unknown"), 5)).isEmpty();
  }

  private static void remediation(List<AuditEvent> events, int n, String fingerprint, TargetRef target,
      String alert, String finalPhase, String outcome, Step... steps) {
    AuditEvents r = Fixtures.remediation("ar-" + n, fingerprint, target);
    Instant created = T0.plusSeconds(n * 3600L);
    events.add(Fixtures.created(r, created, alert));
    for (int i = 0; i < steps.length; i++) {
      events.add(r.action(created.plusSeconds(60L * (i + 1)), steps[i].step(), steps[i].action(), target,
          steps[i].outcome(), null, 1000, Map.of(), Map.of()));
    }
    events.add(r.finalRecord(created.plusSeconds(600), finalPhase, outcome, null));
  }

  /** An ACTION record as {@code POST /api/v1/audit/events} stores it (key {@code external:<key>}) on the remediation of {@code like}. */
  private static AuditEvent external(String key, AuditEvent like, Instant at, String step, String action,
      String outcome) {
    return new AuditEvent("external:" + key, like.remediationId(), like.fingerprint(), like.namespace(),
        io.kubernaut.ports.audit.AuditEventType.ACTION, at, Map.of("step", step, "actionType", action,
            "targetKind", "Deployment", "targetNamespace", PAYMENTS.namespace(), "targetName", PAYMENTS.name(),
            "outcome", outcome));
  }

  private static Step step(int step, String action, String outcome) {
    return new Step(step, action, outcome);
  }

  private record Step(int step, String action, String outcome) {}
}

package io.kubernaut.ports.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ActionOutcomesTest {

  @ParameterizedTest(name = "{0} is recorded {1}")
  @CsvSource({
      "SUCCEEDED, Succeeded",
      "verified-after-restart, Succeeded",
      "FAILED_RETRYABLE, FailedRetryable",
      "FAILED_PERMANENT, FailedPermanent",
      "TIMED_OUT, TimedOut",
      "NOT_STARTED, NotStarted",
      "SKIPPED, Skipped",
      "dry-run-SUCCEEDED, DryRun",
      "dry-run-FAILED_PERMANENT, DryRun",
      "rollback-SUCCEEDED, RolledBack",
      "rollback-verified-after-restart, RolledBack",
      "rollback-FAILED_PERMANENT, RollbackFailed",
      "rollback-SKIPPED, RollbackSkipped",
      "Succeeded, Succeeded",
      "Failed, Failed"})
  void attemptOutcomesReadAsTheHistoryReadsThem(String attempt, String recorded) {
    assertThat(ActionOutcomes.of(attempt)).isEqualTo(recorded);
  }
}

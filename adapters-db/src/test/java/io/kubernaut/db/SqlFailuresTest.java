package io.kubernaut.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures say the database could not be reached, and which are answers it gave. */
class SqlFailuresTest {

  @Test
  void noConnectionAServerShuttingDownAndThePoolsTimeoutAreTheDatabaseUnreachable() {
    assertThat(SqlFailures.isConnectionFailure(new SQLException("Connection refused", "08001"))).isTrue();
    assertThat(SqlFailures.isConnectionFailure(new SQLException("An I/O error occurred", "08006"))).isTrue();
    assertThat(SqlFailures.isConnectionFailure(new SQLException("terminating connection due to administrator command",
        "57P01"))).isTrue();
    assertThat(SqlFailures.isConnectionFailure(new SQLTransientConnectionException("Connection is not available, "
        + "request timed out after 5000ms."))).isTrue();
  }

  @Test
  void aStatementTimeoutARefusedPermissionAndBadDataAreAnswers() {
    assertThat(SqlFailures.isConnectionFailure(new SQLException("canceling statement due to statement timeout",
        "57014"))).isFalse();
    assertThat(SqlFailures.isConnectionFailure(new SQLException("permission denied", "42501"))).isFalse();
    assertThat(SqlFailures.isConnectionFailure(new SQLException("value too long", "22001"))).isFalse();
    assertThat(SqlFailures.isDataRejection(new SQLException("value too long", "22001"))).isTrue();
  }
}

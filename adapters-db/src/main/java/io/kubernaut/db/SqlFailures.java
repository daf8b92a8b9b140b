package io.kubernaut.db;

import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.failure.RetryableException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Sorts SQL failures into "retry later" and "this data will never be accepted". */
final class SqlFailures {

  private SqlFailures() {}

  /**
   * Whether the failure is about the data itself (SQLSTATE class 22 data exception or 23
   * integrity violation), so that writing the same rows again can never succeed. Everything
   * else (connection loss, shutdown, resources, unknown) is worth retrying.
   */
  static boolean isDataRejection(SQLException e) {
    if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
      return false;
    }
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  /**
   * Whether the failure says the database could not be reached (SQLSTATE class 08; 57P01-57P03, a server shutting
   * down or starting; or a transient or recoverable exception: a pool's connection timeout, a dropped connection), as
   * opposed to an answer it gave (a statement timeout, 57014, among them).
   */
  static boolean isConnectionFailure(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTransientException || e instanceof SQLRecoverableException
        || (state != null && (state.startsWith("08") || state.startsWith("57P")));
  }

  /**
   * Translates a query failure at the port boundary: connection, resource and shutdown classes
   * (08, 53, 57, 40) and transient exceptions become {@link RetryableException}; the rest
   * {@link PermanentException}.
   */
  static RuntimeException translate(String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    boolean retryable = e instanceof SQLTransientException || e instanceof SQLRecoverableException
        || state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || state.startsWith("40")
        || state.isEmpty();
    String message = "Could not " + what + ": " + e.getMessage();
    return retryable ? new RetryableException(message + " Retry when the audit database is back.", e)
        : new PermanentException(message, e);
  }
}

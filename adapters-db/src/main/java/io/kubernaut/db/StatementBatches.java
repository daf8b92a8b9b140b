package io.kubernaut.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Statements of one transaction gathered by their SQL and sent as one JDBC batch each, in the
 * order each SQL was first added: a round trip per kind of statement instead of one per row. For
 * rows nothing in the same transaction reads back before {@link #execute}.
 */
final class StatementBatches implements AutoCloseable {

  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new LinkedHashMap<>();

  StatementBatches(Connection connection) {
    this.connection = connection;
  }

  /** Adds one row of {@code sql} with its parameters bound in order ({@code null} binds SQL NULL). */
  void add(String sql, Object... args) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    }
    Sql.bind(ps, args);
    ps.addBatch();
  }

  /** Sends every batch. */
  void execute() throws SQLException {
    for (PreparedStatement ps : statements.values()) {
      ps.executeBatch();
    }
  }

  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}

package io.kubernaut.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC helpers shared by the adapters of this package. */
final class Sql {

  private Sql() {}

  /** A statement with its parameters bound in order; {@code null} binds SQL NULL. */
  static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      bind(ps, args);
      return ps;
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
  }

  /** Binds the parameters in order; {@code null} binds SQL NULL. */
  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      if (args[i] == null) {
        ps.setNull(i + 1, Types.NULL);
      } else {
        ps.setObject(i + 1, args[i]);
      }
    }
  }

  /** Every row of the query, mapped in order. */
  static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(mapper.map(rs));
      }
      return out;
    }
  }

  /** An instant as a {@code timestamptz} parameter. */
  static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** A {@code timestamptz} column as an instant, or null. */
  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** A {@code double precision[]} parameter. */
  static Array vector(Connection c, double[] v) throws SQLException {
    Double[] boxed = new Double[v.length];
    for (int i = 0; i < v.length; i++) {
      boxed[i] = v[i];
    }
    return c.createArrayOf("float8", boxed);
  }

  /** One row to one value. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }
}

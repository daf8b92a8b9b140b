package io.kubernaut.db;

import io.kubernaut.ports.history.SimilarIncident;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Ranks past incidents by the cosine similarity of their stored vectors to a probe vector, in
 * one of two ways that give the same answer. {@link PgvectorInstaller} picks one per database.
 *
 * <p>Both report the similarity as the float8 dot product of {@code remediation.similarity_vector}
 * and the probe (the vectors are unit length or zero, so the dot product is the cosine), and both
 * order by similarity, then newest first, then remediation id. They differ in how they find the
 * candidates:
 *
 * <ul>
 *   <li>{@link #PORTABLE} computes the dot product in SQL ({@code unnest}) for every row: any
 *       PostgreSQL, one executor row per dimension and remediation.
 *   <li>{@link #PGVECTOR} orders the rows by pgvector's inner-product distance {@code <#>} on the
 *       float4 copy {@code similarity_embedding}, computed in C, keeps the first
 *       {@code limit + }{@value #MARGIN}, and re-ranks only those with the float8 dot product.
 *       The float4 rounding (below 1e-6 here) can only reorder rows whose similarities lie that
 *       close together; the margin keeps such rows in the candidates, and the re-ranking puts
 *       them back in the portable order, with the portable figures. Rows with equal vectors have
 *       equal float4 distances too, so their recency order survives the candidate cut.
 * </ul>
 *
 * <p>{@code <#>} rather than the cosine distance {@code <=>}: they agree on unit vectors, and an
 * incident without any feature has the zero vector, whose cosine distance is NaN in pgvector but
 * whose similarity is 0 on the portable path. There is no approximate (HNSW or IVFFlat) index:
 * it orders by distance alone, so it could not honour the recency tie-break of recurring alerts
 * (which have equal vectors), nor return the exact answer the portable path does; an exact scan
 * in C is cheap at the size of one row per remediation within retention.
 */
enum SimilarityScorer {

  /** The dot product in plain SQL, on any PostgreSQL. */
  PORTABLE("SELECT " + Rows.REMEDIATION_COLUMNS + ", s.similarity FROM remediation r"
      + " CROSS JOIN LATERAL (SELECT sum(a * b) AS similarity FROM unnest(r.similarity_vector, ?::float8[])"
      + " AS t(a, b)) s WHERE r.similarity_vector IS NOT NULL AND r.remediation_id <> ?"
      + " AND s.similarity >= ? ORDER BY s.similarity DESC, r.created_at DESC NULLS LAST, r.remediation_id"
      + " LIMIT ?"),

  /** Candidates by pgvector's inner product on the float4 copy, re-ranked with the float8 vectors. */
  PGVECTOR("WITH probe AS (SELECT p AS exact, p::vector AS embedding FROM (SELECT ?::float8[] AS p) given),"
      + " candidate AS (SELECT r.* FROM remediation r, probe WHERE r.similarity_embedding IS NOT NULL"
      + " AND r.remediation_id <> ? ORDER BY r.similarity_embedding <#> probe.embedding,"
      + " r.created_at DESC NULLS LAST, r.remediation_id LIMIT ?)"
      + " SELECT " + Rows.REMEDIATION_COLUMNS + ", s.similarity FROM candidate r CROSS JOIN probe"
      + " CROSS JOIN LATERAL (SELECT sum(a * b) AS similarity FROM unnest(r.similarity_vector, probe.exact)"
      + " AS t(a, b)) s WHERE s.similarity >= ? ORDER BY s.similarity DESC, r.created_at DESC NULLS LAST,"
      + " r.remediation_id LIMIT ?");

  /** How many candidates beyond the limit the pgvector path re-ranks. */
  static final int MARGIN = 16;

  private final String sql;

  SimilarityScorer(String sql) {
    this.sql = sql;
  }

  /** The most similar past incidents, best first, at least {@code minSimilarity}, never {@code exclude}. */
  List<SimilarIncident> similar(Connection c, double[] probe, String exclude, int limit, double minSimilarity)
      throws SQLException {
    Object[] args = this == PORTABLE
        ? new Object[] {Sql.vector(c, probe), exclude, minSimilarity, limit}
        : new Object[] {Sql.vector(c, probe), exclude, (long) limit + MARGIN, minSimilarity, limit};
    return Sql.list(c, sql, rs -> new SimilarIncident(Rows.remediation(rs), rs.getDouble("similarity")), args);
  }
}

package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tamper evidence end to end in embedded mode: the generated audit key, a remediation's chain
 * verified through {@code /api/v1/audit/verify}, still holding after a restart on the same data
 * directory, and one stored row changed by direct SQL named as the first broken record.
 */
class AuditChainEndToEndTest {

  @TempDir
  Path dataDir;

  @Test
  void aRowChangedByDirectSqlIsNamedByTheVerifyEndpointAndAnUntouchedChainHoldsAcrossARestart() throws Exception {
    String name;
    try (EmbeddedApp app = EmbeddedApp.start(dataDir, Map.of())) {
      name = app.postFixture("oomkilled-batch.json");
      // The remediation walks on (its monitoring window is minutes); a few records are enough.
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
          json(app.get("/api/v1/audit/verify?remediation=" + name)).path("chainedRecords").asLong() >= 5);

      JsonNode verdict = json(app.get("/api/v1/audit/verify?remediation=" + name));
      assertThat(verdict.path("intact").asBoolean()).as("%s", verdict).isTrue();
      assertThat(verdict.path("unchainedRecords").asLong()).isZero();
    }
    Path key = dataDir.resolve("audit-key");
    assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

    try (EmbeddedApp app = EmbeddedApp.start(dataDir, Map.of())) {
      assertThat(json(app.get("/api/v1/audit/verify?remediation=" + name)).path("intact").asBoolean()).isTrue();

      long third = tamperWithRecord(app.kubernaut, name, 3);
      JsonNode verdict = json(app.get("/api/v1/audit/verify?remediation=" + name));
      JsonNode range = json(app.get("/api/v1/audit/verify?since=" + Instant.now().minusSeconds(3_600)));

      assertThat(verdict.path("intact").asBoolean()).isFalse();
      assertThat(verdict.path("firstBrokenRecord").path("id").asLong()).isEqualTo(third);
      assertThat(verdict.path("firstBrokenRecord").path("reason").asText()).isEqualTo("HASH_MISMATCH");
      assertThat(range.path("intact").asBoolean()).isFalse();
      assertThat(range.path("chains").findValuesAsText("remediation")).contains(name);
    }
  }

  /** Changes the payload of the remediation's record number {@code seq} behind the operator's back. */
  private static long tamperWithRecord(Kubernaut k, String remediation, int seq) throws Exception {
    try (Connection c = k.database().dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE audit_event SET payload = payload || '{\"reason\":\"edited\"}'"
            + " WHERE remediation_id = ? AND chain_seq = ? RETURNING id")) {
      ps.setString(1, remediation);
      ps.setInt(2, seq);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getLong(1);
      }
    }
  }

  private static JsonNode json(java.net.http.HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return EmbeddedApp.JSON.readTree(r.body());
  }
}

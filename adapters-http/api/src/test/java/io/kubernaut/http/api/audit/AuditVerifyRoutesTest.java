package io.kubernaut.http.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.api.ApiTestServer;
import io.kubernaut.ports.audit.ChainVerdict;
import io.kubernaut.ports.audit.ChainVerdict.ChainBreak;
import io.kubernaut.ports.audit.ChainVerdict.Reason;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.AuditChainVerifier;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/audit/verify over real HTTP, on a verifier that answers what it is told. */
class AuditVerifyRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2025-03-02T00:00:00Z");

  /** Answers canned verdicts and records the ranges it was asked for. */
  private static final class CannedVerifier implements AuditChainVerifier {
    boolean chaining = true;
    boolean reachable = true;
    final Map<String, ChainVerdict> verdicts = new java.util.TreeMap<>();
    final List<String> ranges = new ArrayList<>();

    @Override
    public boolean chaining() {
      return chaining;
    }

    @Override
    public Optional<ChainVerdict> verify(String remediationId) {
      if (!reachable) {
        throw new RetryableException("connection refused");
      }
      return Optional.ofNullable(verdicts.get(remediationId));
    }

    @Override
    public List<ChainVerdict> verify(Instant since, Instant until, int limit) {
      ranges.add(since + ".." + until + " limit " + limit);
      return verdicts.values().stream().limit(limit).toList();
    }
  }

  private final CannedVerifier verifier = new CannedVerifier();
  private final ApiTestServer server = ApiTestServer.start(new AuditVerifyRoutes(verifier,
      Clock.fixed(NOW, ZoneOffset.UTC)));

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anIntactChainIsReportedWithItsRecordCounts() throws Exception {
    verifier.verdicts.put("ar-1", new ChainVerdict("ar-1", 12, 2, Optional.empty()));

    HttpResponse<String> r = server.get("/api/v1/audit/verify", "remediation", "ar-1");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("intact").asBoolean()).isTrue();
    assertThat(body.path("chainedRecords").asLong()).isEqualTo(12);
    assertThat(body.path("unchainedRecords").asLong()).isEqualTo(2);
    assertThat(body.path("firstBrokenRecord").isNull()).isTrue();
  }

  @Test
  void aBrokenChainNamesItsFirstBrokenRecord() throws Exception {
    verifier.verdicts.put("ar-2", new ChainVerdict("ar-2", 6, 0, Optional.of(new ChainBreak(431, 3,
        "ar-2/action/2/Succeeded", Reason.HASH_MISMATCH, "Record 431 was changed."))));

    JsonNode body = JSON.readTree(server.get("/api/v1/audit/verify", "remediation", "ar-2").body());

    assertThat(body.path("intact").asBoolean()).isFalse();
    JsonNode broken = body.path("firstBrokenRecord");
    assertThat(broken.path("id").asLong()).isEqualTo(431);
    assertThat(broken.path("sequence").asLong()).isEqualTo(3);
    assertThat(broken.path("idempotencyKey").asText()).isEqualTo("ar-2/action/2/Succeeded");
    assertThat(broken.path("reason").asText()).isEqualTo("HASH_MISMATCH");
  }

  @Test
  void aTimeRangeVerifiesEveryChainWithRecordsInItUpToNowByDefault() throws Exception {
    verifier.verdicts.put("ar-1", new ChainVerdict("ar-1", 3, 0, Optional.empty()));
    verifier.verdicts.put("ar-2", new ChainVerdict("ar-2", 3, 0, Optional.of(new ChainBreak(9, 2, "ar-2/final",
        Reason.MISSING_RECORD, "Record 9 follows a gap."))));

    JsonNode body = JSON.readTree(server.get("/api/v1/audit/verify", "since", "2025-03-01T00:00:00Z", "limit", "5")
        .body());

    assertThat(body.path("intact").asBoolean()).isFalse();
    assertThat(body.path("chains")).hasSize(2);
    assertThat(body.path("chains").get(1).path("firstBrokenRecord").path("reason").asText()).isEqualTo("MISSING_RECORD");
    assertThat(body.path("complete").asBoolean()).isTrue();
    assertThat(verifier.ranges).containsExactly("2025-03-01T00:00:00Z..2025-03-02T00:00:00Z limit 5");
  }

  @Test
  void badInputIsAProblemNamingTheParameter() throws Exception {
    assertProblem(server.get("/api/v1/audit/verify"), 400, "'remediation'");
    assertProblem(server.get("/api/v1/audit/verify", "remediation", "AR_1;drop"), 400, "AlertRemediation name");
    assertProblem(server.get("/api/v1/audit/verify", "remediation", "ar-1", "since", "2025-03-01T00:00:00Z"), 400,
        "not both");
    assertProblem(server.get("/api/v1/audit/verify", "since", "yesterday"), 400, "ISO-8601");
    assertProblem(server.get("/api/v1/audit/verify", "since", "2025-03-03T00:00:00Z"), 400, "must be before");
    assertProblem(server.get("/api/v1/audit/verify", "since", "2025-03-01T00:00:00Z", "limit", "5000"), 400, "limit");
    assertThat(verifier.ranges).isEmpty();
  }

  @Test
  void anUnknownRemediationIs404() throws Exception {
    assertProblem(server.get("/api/v1/audit/verify", "remediation", "ar-unknown"), 404, "no record of remediation 'ar-unknown'");
  }

  @Test
  void withoutAnAuditKeyTheAnswerSaysHowToConfigureOne() throws Exception {
    verifier.chaining = false;

    assertProblem(server.get("/api/v1/audit/verify", "remediation", "ar-1"), 409, "KUBERNAUT_AUDIT_KEY");
  }

  @Test
  void anUnreachableDatabaseIs503WithRetryAfter() throws Exception {
    verifier.reachable = false;

    HttpResponse<String> r = server.get("/api/v1/audit/verify", "remediation", "ar-1");

    assertProblem(r, 503, "retry");
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
  }

  private static void assertProblem(HttpResponse<String> r, int status, String detailPart) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v ->
        assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(r.body());
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("detail").asText() + problem.path("errors")).contains(detailPart);
  }
}

package io.kubernaut.http.api.audit;

import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.ports.access.Permission;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.audit.ChainVerdict;
import io.kubernaut.ports.out.AuditChainVerifier;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/audit/verify}: whether the audit trail's hash chains hold, for one
 * remediation ({@code remediation=<name>}) or for every remediation with records in a time range
 * ({@code since}, optional {@code until}, default now; {@code limit} 1–1000 chains, default 100).
 * The answer names the first broken record of each chain. Bad input is a 400 problem; no audit
 * key configured is a 409 problem; an unreachable database is a 503 problem.
 */
final class AuditVerifyRoutes implements RouteGroup {

  static final String PATH = "/api/v1/audit/verify";
  static final int MAX_CHAINS = 1_000;

  private final AuditChainVerifier verifier;
  private final Clock clock;

  AuditVerifyRoutes(AuditChainVerifier verifier, Clock clock) {
    this.verifier = verifier;
    this.clock = clock;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get(PATH, this::verify, RequiredPermission.of(Permission.AUDIT_GET));
  }

  private void verify(Context ctx) {
    QueryParams params = new QueryParams(ctx);
    Optional<String> remediation = params.matching("remediation", QueryParams.OBJECT_NAME,
        "an AlertRemediation name (lower-case letters, digits, '-' and '.')");
    Optional<Instant> since = params.instant("since");
    Optional<Instant> until = params.instant("until");
    int limit = params.integer("limit", 1, MAX_CHAINS, 100);
    boolean byRange = params.text("since").isPresent() || params.text("until").isPresent();
    if (params.text("remediation").isPresent() && byRange) {
      params.reject("Give either 'remediation' or a time range ('since', 'until'), not both.");
    } else if (params.text("remediation").isEmpty() && params.text("since").isEmpty()) {
      params.reject("Query parameter 'remediation' (one chain) or 'since' (every chain with records from then) is"
          + " required.");
    }
    Instant end = until.orElseGet(clock::instant);
    if (since.isPresent() && !since.get().isBefore(end)) {
      params.reject("Query parameter 'since' (" + since.get() + ") must be before 'until' (" + end + ").");
    }
    params.check();
    if (!verifier.chaining()) {
      throw HttpProblem.of(409, "Conflict", "The audit trail is not chained: no audit key is configured. Set"
          + " KUBERNAUT_AUDIT_KEY (chart values auditKey.*); records written from then on are chained.", List.of());
    }
    if (remediation.isPresent()) {
      String name = remediation.get();
      ChainVerdict verdict = StoreCalls.ask("verify an audit chain", () -> verifier.verify(name)).orElseThrow(() ->
          HttpProblem.of(404, "Not Found", "The audit trail has no record of remediation '" + name + "'. Check the"
              + " name (kubectl get alertremediations).", List.of()));
      ctx.json(view(verdict));
      return;
    }
    List<ChainVerdict> verdicts = StoreCalls.ask("verify audit chains", () -> verifier.verify(since.get(), end, limit));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("intact", verdicts.stream().allMatch(ChainVerdict::intact));
    body.put("since", since.get().toString());
    body.put("until", end.toString());
    body.put("chains", verdicts.stream().map(AuditVerifyRoutes::view).toList());
    body.put("complete", verdicts.size() < limit);
    ctx.json(body);
  }

  private static Map<String, Object> view(ChainVerdict v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("remediation", v.remediationId());
    out.put("intact", v.intact());
    out.put("chainedRecords", v.chainedRecords());
    out.put("unchainedRecords", v.unchainedRecords());
    out.put("firstBrokenRecord", v.firstBreak().map(b -> {
      Map<String, Object> broken = new LinkedHashMap<>();
      broken.put("id", b.recordId());
      broken.put("sequence", b.sequence());
      broken.put("idempotencyKey", b.idempotencyKey());
      broken.put("reason", b.reason().name());
      broken.put("detail", b.detail());
      return broken;
    }).orElse(null));
    return out;
  }
}

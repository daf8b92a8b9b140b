package io.kubernaut.http.api.investigation;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.analysis.AnalysisResult;
import io.kubernaut.ports.analysis.DroppedAction;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.history.SuccessRate;
import io.kubernaut.ports.in.AnalyzeAlert;
import io.kubernaut.ports.out.AuditQueries;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.out.RemediationHistory;
import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.processing.ProcessingResult;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/v1/safety/analyze} (one proposed action through the same validation and gates)
 * and {@code POST /api/v1/postexec/analyze} (effectiveness from the remediation's verification in
 * the audit trail: its verified outcome and how many measurements agreed with it; without one, from
 * the reported success and the action's verified history; follow-up recommendations from the chain
 * when it did not work).
 */
final class AssessmentRoutes implements RouteGroup {

  private final AnalyzeAlert analyzer;
  private final PolicySource policies;
  private final RemediationHistory history;
  private final AnalysisContext context;
  private final VerificationRecords verifications;
  private final Clock clock;

  AssessmentRoutes(AnalyzeAlert analyzer, PolicySource policies, RemediationHistory history, AuditQueries audit,
      AnalysisContext context, Clock clock) {
    this.analyzer = analyzer;
    this.verifications = new VerificationRecords(audit);
    this.policies = policies;
    this.history = history;
    this.context = context;
    this.clock = clock;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.post("/api/v1/safety/analyze", this::safety, RequiredPermission.of(Permission.CONTEXT_GET));
    routes.post("/api/v1/postexec/analyze", this::postExecution, RequiredPermission.of(Permission.INVESTIGATIONS_CREATE));
  }

  private void safety(Context ctx) {
    JsonNode body = context.body(ctx);
    JsonNode c = body.path("context");
    String action = AnalysisContext.text(body, "action_type").isEmpty() ? AnalysisContext.text(body, "action")
        : AnalysisContext.text(body, "action_type");
    TargetRef target = AnalysisContext.target(body.get("target"), AnalysisContext.text(c, "namespace"));
    if (action.isEmpty() || target == null) {
      throw AnalysisContext.bad("action_type and target (\"Kind/namespace/name\" or {kind, namespace, name}) are required.");
    }
    String alertName = AnalysisContext.text(c, "alertName").isEmpty() ? "SafetyAnalysis" : AnalysisContext.text(c, "alertName");
    AnalysisContext.Classified classified = context.classified("", alertName, "", AnalysisContext.text(body, "environment"),
        target, AnalysisContext.strings(c.get("labels")), Map.of());
    InvestigationRequest request = classified.request();
    // The route AlertProcessing would give the target: a protected or opted-out namespace is never acted on, one
    // outside the managed scope only recommended, and a path needing approval needs it here too.
    // Unknown when the target could not be classified: then nothing is called safe.
    RemediationPath route = classified.processing().map(ProcessingResult::path).orElse(RemediationPath.RECOMMEND_ONLY);
    Recommendation proposed = new Recommendation("proposed", action, target,
        AnalysisContext.strings(body.get("parameters")), body.path("confidence").asDouble(1.0),
        AnalysisContext.text(body, "risk"), AnalysisContext.text(body, "rationale"), List.of());
    AnalysisResult r = analyzer.assess(request, proposed, policies.current().gates());
    List<String> reasons = new ArrayList<>(r.dropped().stream().map(DroppedAction::reason).toList());
    reasons.add(r.gateReason());
    if (route != RemediationPath.AUTOMATIC) {
      reasons.add("Routed " + route + ": " + classified.processing().map(ProcessingResult::routingReason)
          .orElse("the target could not be classified (its cluster context could not be read)") + ".");
    }
    boolean allowed = r.answered() && route != RemediationPath.SKIPPED;
    boolean recommendOnly = r.recommendOnly() || route == RemediationPath.RECOMMEND_ONLY || route == RemediationPath.SKIPPED;
    boolean approvalRequired = r.approvalRequired() || route == RemediationPath.APPROVAL_REQUIRED;
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("action_type", action);
    answer.put("target", target.display());
    answer.put("environment", request.environment().wireName());
    answer.put("allowed", allowed);
    // Safe by the catalog, the schema, the scope, the gates and the route; the execution-time envelope (limits,
    // cooldowns, budget) depends on the moment and is checked again before any execution.
    answer.put("safe", allowed && !recommendOnly && !approvalRequired);
    answer.put("approvalRequired", approvalRequired);
    answer.put("recommendOnly", recommendOnly);
    answer.put("risk", r.answered() ? r.recommendations().get(0).risk() : null);
    answer.put("confidence", r.confidence());
    answer.put("reasons", reasons);
    ctx.json(answer);
  }

  private void postExecution(Context ctx) {
    Instant started = clock.instant();
    JsonNode body = context.body(ctx);
    JsonNode c = body.path("context");
    String action = AnalysisContext.text(body, "action_type");
    if (AnalysisContext.text(body, "execution_id").isEmpty() || action.isEmpty() || !body.has("execution_success")) {
      throw AnalysisContext.bad("execution_id, action_type and execution_success are required.");
    }
    boolean reported = body.path("execution_success").asBoolean();
    String alertName = AnalysisContext.text(c, "alertName");
    SuccessRate rate = rate(alertName, action);
    Optional<VerificationRecords.Verified> verified = verifications.of(AnalysisContext.text(c, "remediation"),
        AnalysisContext.text(body, "execution_id")).filter(v -> v.judged() || v.measurements() > 0);
    boolean success = verified.map(v -> v.outcome().map("Remediated"::equals).orElse(false)).orElse(reported);
    double confidence = confidence(verified, success, rate);
    StringBuilder reasoning = new StringBuilder(action + (reported ? " completed" : " failed"));
    verified.ifPresentOrElse(v -> {
      reasoning.append("; remediation ").append(v.remediation()).append(v.outcome().map(o -> " was verified " + o)
          .orElse(" is still being verified"));
      if (v.measurements() > 0) {
        reasoning.append(" (").append(v.passed()).append(" of ").append(v.measurements())
            .append(" measurements passed, ").append(v.failed()).append(" failed, ").append(v.missing())
            .append(" without data; last: ").append(v.lastValues()).append(")");
      }
    }, () -> reasoning.append("; no verification of it was recorded"));
    if (rate != null && rate.attempts() > 0) {
      reasoning.append("; historically ").append(rate.successes()).append(" of ").append(rate.attempts())
          .append(" verified runs for ").append(alertName).append(" remediated it");
    }
    List<String> followUps = new ArrayList<>();
    List<String> improvements = new ArrayList<>();
    TargetRef target = AnalysisContext.target(c.get("target"), AnalysisContext.text(c, "namespace"));
    if (!success && target != null && !alertName.isEmpty()) {
      AnalysisResult r = context.analyze(analyzer, () -> context.request("", alertName, "",
          AnalysisContext.text(c, "environment"), target, AnalysisContext.strings(c.get("labels")),
          Map.of("failedAction", action)), policies.current().gates());
      r.recommendations().stream().filter(x -> !x.action().equals(action))
          .forEach(x -> followUps.add(x.action() + " on " + x.target().display() + ": " + x.rationale()));
    }
    if (rate != null && rate.attempts() >= 3 && rate.rate() < 0.5) {
      improvements.add(action + " rarely works for " + alertName + " (" + rate.successes() + " of " + rate.attempts()
          + "); prefer another action or manual review.");
    }
    Map<String, Object> effectiveness = new LinkedHashMap<>();
    effectiveness.put("success", success);
    effectiveness.put("confidence", confidence);
    effectiveness.put("reasoning", reasoning + ".");
    Map<String, Object> metrics = new LinkedHashMap<>();
    if (rate != null) {
      metrics.putAll(Map.of("attempts", rate.attempts(), "successes", rate.successes(), "success_rate", rate.rate()));
    }
    verified.ifPresent(v -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("remediation", v.remediation());
      m.put("outcome", v.outcome().orElse(null));
      m.put("measurements", v.measurements());
      m.put("passed", v.passed());
      m.put("failed", v.failed());
      m.put("missing", v.missing());
      m.put("checks", v.lastValues());
      metrics.put("verification", m);
    });
    effectiveness.put("metrics_analysis", metrics);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("execution_id", AnalysisContext.text(body, "execution_id"));
    answer.put("effectiveness", effectiveness);
    answer.put("objectives_met", success);
    answer.put("side_effects", List.of());
    answer.put("recommendations", followUps);
    answer.put("pattern_improvements", improvements);
    answer.put("metadata", Map.of("analysis_time_ms", Duration.between(started, clock.instant()).toMillis()));
    ctx.json(answer);
  }

  /**
   * How sure the verdict is: the share of measurements that agree with it when the checks measured,
   * else the action's verified history (its success rate, or failure rate), else one half.
   */
  static double confidence(Optional<VerificationRecords.Verified> verified, boolean success, SuccessRate rate) {
    if (verified.isPresent() && verified.get().measurements() > 0) {
      VerificationRecords.Verified v = verified.get();
      double agreeing = success ? v.passed() : v.failed() + v.missing();
      return Math.round(agreeing / v.measurements() * 100) / 100.0;
    }
    if (rate != null && rate.attempts() > 0) {
      return Math.round((success ? rate.rate() : 1 - rate.rate()) * 100) / 100.0;
    }
    return 0.5;
  }

  private SuccessRate rate(String alertName, String action) {
    if (alertName.isEmpty()) {
      return null;
    }
    try {
      return history.successRates(alertName).get(action);
    } catch (RuntimeException e) {
      return null;
    }
  }
}

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
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.out.RemediationHistory;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/safety/analyze} (one proposed action through the same validation and gates)
 * and {@code POST /api/v1/postexec/analyze} (effectiveness from the outcome and the history, and
 * follow-up recommendations from the chain when the action failed).
 */
final class AssessmentRoutes implements RouteGroup {

  private final AnalyzeAlert analyzer;
  private final PolicySource policies;
  private final RemediationHistory history;
  private final AnalysisContext context;
  private final Clock clock;

  AssessmentRoutes(AnalyzeAlert analyzer, PolicySource policies, RemediationHistory history, AnalysisContext context,
      Clock clock) {
    this.analyzer = analyzer;
    this.policies = policies;
    this.history = history;
    this.context = context;
    this.clock = clock;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.post("/api/v1/safety/analyze", this::safety, RequiredPermission.of(Permission.CONTEXT_GET));
    routes.post("/api/v1/postexec/analyze", this::postExecution, RequiredPermission.of(Permission.CONTEXT_GET));
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
    InvestigationRequest request = context.request("", alertName, "", AnalysisContext.text(body, "environment"), target,
        AnalysisContext.strings(c.get("labels")), Map.of());
    Recommendation proposed = new Recommendation("proposed", action, target,
        AnalysisContext.strings(body.get("parameters")), body.path("confidence").asDouble(1.0),
        AnalysisContext.text(body, "risk"), AnalysisContext.text(body, "rationale"), List.of());
    AnalysisResult r = analyzer.assess(request, proposed, policies.current().gates());
    List<String> reasons = new ArrayList<>(r.dropped().stream().map(DroppedAction::reason).toList());
    reasons.add(r.gateReason());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("action_type", action);
    answer.put("target", target.display());
    answer.put("environment", request.environment().wireName());
    answer.put("allowed", r.answered());
    answer.put("safe", r.answered() && !r.recommendOnly() && !r.approvalRequired());
    answer.put("approvalRequired", r.approvalRequired());
    answer.put("recommendOnly", r.recommendOnly());
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
    boolean success = body.path("execution_success").asBoolean();
    String alertName = AnalysisContext.text(c, "alertName");
    SuccessRate rate = rate(alertName, action);
    double confidence = success ? (body.hasNonNull("post_execution_state") ? 0.85 : 0.7) : 0.8;
    StringBuilder reasoning = new StringBuilder(action + (success ? " completed successfully" : " failed"));
    if (rate != null && rate.attempts() > 0) {
      reasoning.append("; historically ").append(rate.successes()).append(" of ").append(rate.attempts())
          .append(" runs for ").append(alertName).append(" succeeded");
    }
    List<String> followUps = new ArrayList<>();
    List<String> improvements = new ArrayList<>();
    TargetRef target = AnalysisContext.target(c.get("target"), AnalysisContext.text(c, "namespace"));
    if (!success && target != null && !alertName.isEmpty()) {
      AnalysisResult r = analyzer.analyze(context.request("", alertName, "", AnalysisContext.text(c, "environment"),
          target, AnalysisContext.strings(c.get("labels")), Map.of("failedAction", action)), policies.current().gates());
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
    effectiveness.put("metrics_analysis", rate == null ? Map.of() : Map.of("attempts", rate.attempts(),
        "successes", rate.successes(), "success_rate", rate.rate()));
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

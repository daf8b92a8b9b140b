package io.kubernaut.http.api.investigation;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.analysis.AnalysisResult;
import io.kubernaut.ports.analysis.DroppedAction;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.in.AnalyzeAlert;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.signal.TargetRef;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/investigate} and {@code POST /api/v1/recovery/analyze}, in the HolmesGPT-API
 * shapes, backed by the same investigator chain, validation and gates as the AIAnalysis controller.
 */
final class InvestigationRoutes implements RouteGroup {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final AnalyzeAlert analyzer;
  private final PolicySource policies;
  private final AnalysisContext context;
  private final Clock clock;

  InvestigationRoutes(AnalyzeAlert analyzer, PolicySource policies, AnalysisContext context, Clock clock) {
    this.analyzer = analyzer;
    this.policies = policies;
    this.context = context;
    this.clock = clock;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.post("/api/v1/investigate", this::investigate, RequiredPermission.of(Permission.INVESTIGATIONS_CREATE));
    routes.post("/api/v1/recovery/analyze", this::recover, RequiredPermission.of(Permission.INVESTIGATIONS_CREATE));
  }

  private void investigate(Context ctx) {
    Instant started = clock.instant();
    JsonNode body = context.body(ctx);
    JsonNode c = body.path("context");
    String namespace = AnalysisContext.text(c, "namespace");
    String alertName = AnalysisContext.text(c, "alertName");
    String pod = AnalysisContext.text(c, "podName");
    TargetRef target = AnalysisContext.target(c.get("target"), namespace);
    if (target == null && !AnalysisContext.text(c, "kind").isEmpty() && !AnalysisContext.text(c, "name").isEmpty()) {
      target = new TargetRef(AnalysisContext.text(c, "kind"), namespace, AnalysisContext.text(c, "name"));
    }
    if (target == null && !pod.isEmpty()) {
      target = new TargetRef("Pod", namespace, pod);
    }
    if (alertName.isEmpty() || target == null || (namespace.isEmpty() && !"Node".equals(target.kind()))) {
      throw AnalysisContext.bad("context.alertName, context.namespace and a target (context.podName, or context.kind "
          + "and context.name) are required.");
    }
    TargetRef named = AnalysisContext.checked(target);
    AnalysisResult r = context.analyze(analyzer, () -> context.request(AnalysisContext.text(body, "fingerprint"),
        alertName, AnalysisContext.text(c, "severity"), AnalysisContext.text(body, "environment"), named,
        AnalysisContext.strings(c.get("labels")), AnalysisContext.strings(c.get("annotations"))),
        policies.current().gates());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("investigationId", "inv-" + HexFormat.of().formatHex(randomBytes()));
    answer.put("status", r.answered() ? "completed" : "partial");
    answer.put("rootCause", r.rootCause());
    answer.put("confidence", r.confidence());
    answer.put("evidence", r.evidence());
    answer.put("structuredActions", r.recommendations().stream().map(StructuredActions::write).toList());
    answer.put("approvalRequired", r.approvalRequired());
    answer.put("recommendOnly", r.recommendOnly());
    answer.put("gateReason", r.gateReason());
    answer.put("dropped", r.dropped());
    answer.put("fallbacks", r.fallbacks());
    answer.put("metadata", metadata(r, started));
    ctx.json(answer);
  }

  private void recover(Context ctx) {
    Instant started = clock.instant();
    JsonNode body = context.body(ctx);
    JsonNode failed = body.path("failed_action");
    JsonNode c = body.path("context");
    String namespace = AnalysisContext.text(c, "namespace");
    TargetRef target = AnalysisContext.target(failed.get("target"), namespace);
    String failedType = AnalysisContext.text(failed, "type");
    if (AnalysisContext.text(body, "incident_id").isEmpty() || failedType.isEmpty() || target == null) {
      throw AnalysisContext.bad("incident_id, failed_action.type and failed_action.target (\"Kind/namespace/name\" or "
          + "{kind, namespace, name}) are required.");
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("failedAction", failedType);
    annotations.put("failureError", AnalysisContext.text(body.path("failure_context"), "error"));
    String alertName = AnalysisContext.text(c, "alertName").isEmpty() ? "RecoveryAnalysis" : AnalysisContext.text(c, "alertName");
    AnalysisResult r = context.analyze(analyzer, () -> context.request("", alertName, "",
        AnalysisContext.text(c, "environment"), target, AnalysisContext.strings(c.get("labels")), annotations),
        policies.current().gates());
    List<String> warnings = new ArrayList<>(r.fallbacks());
    r.dropped().stream().map(DroppedAction::reason).forEach(warnings::add);
    List<Map<String, Object>> strategies = new ArrayList<>();
    for (Recommendation s : r.recommendations()) {
      if (s.action().equals(failedType) && s.target().equals(target)) {
        warnings.add("The failed action " + failedType + " was not proposed again for " + target.display() + ".");
        continue;
      }
      Map<String, Object> strategy = new LinkedHashMap<>();
      strategy.put("action_type", s.action());
      strategy.put("target", s.target().display());
      strategy.put("parameters", s.parameters());
      strategy.put("confidence", s.confidence());
      strategy.put("rationale", s.rationale());
      strategy.put("estimated_risk", s.risk().toLowerCase(java.util.Locale.ROOT));
      strategy.put("prerequisites", s.dependsOn());
      strategies.add(strategy);
    }
    warnings.add(r.gateReason());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("incident_id", AnalysisContext.text(body, "incident_id"));
    answer.put("can_recover", !strategies.isEmpty() && !r.recommendOnly());
    answer.put("strategies", strategies);
    answer.put("primary_recommendation", strategies.isEmpty() ? null : strategies.get(0).get("action_type"));
    answer.put("analysis_confidence", r.confidence());
    answer.put("requires_approval", r.approvalRequired());
    answer.put("warnings", warnings);
    answer.put("metadata", metadata(r, started));
    ctx.json(answer);
  }

  private Map<String, Object> metadata(AnalysisResult r, Instant started) {
    Instant now = clock.instant();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("generatedAt", now.toString());
    m.put("modelVersion", r.investigator());
    m.put("formatVersion", "v2-structured");
    m.put("analysis_time_ms", Duration.between(started, now).toMillis());
    return m;
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return b;
  }
}

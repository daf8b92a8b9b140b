package io.kubernaut.http.api.investigation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.in.AnalyzeAlert;
import io.kubernaut.ports.in.ProcessAlert;
import io.kubernaut.ports.out.ApprovalStore;
import io.kubernaut.ports.out.AuditQueries;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.out.RemediationHistory;
import java.time.Clock;
import java.util.Set;

/**
 * The analysis and approval APIs, the one public entry of this package: the HolmesGPT-API shaped
 * {@code POST /api/v1/investigate}, {@code /recovery/analyze}, {@code /safety/analyze} and
 * {@code /postexec/analyze}, backed by the same investigator chain, validation and gates as the
 * AIAnalysis controller, and {@code POST /api/v1/remediations/{name}/approve|reject}.
 */
public final class InvestigationApi {

  private InvestigationApi() {}

  /** The route groups, running at most {@code maxConcurrentAnalyses} analyses at once (503 beyond). */
  public static Set<RouteGroup> routes(AnalyzeAlert analyzer, ProcessAlert processor, PolicySource policies,
      RemediationHistory history, AuditQueries audit, ApprovalStore approvals, ObjectMapper json, Clock clock,
      int maxConcurrentAnalyses) {
    AnalysisContext context = new AnalysisContext(json, processor, clock, maxConcurrentAnalyses);
    return Set.of(new InvestigationRoutes(analyzer, policies, context, clock),
        new AssessmentRoutes(analyzer, policies, history, audit, context, clock), new ApprovalRoutes(approvals, json));
  }
}

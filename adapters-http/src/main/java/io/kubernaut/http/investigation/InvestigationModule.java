package io.kubernaut.http.investigation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.IntoSet;
import dagger.multibindings.StringKey;
import io.kubernaut.http.RouteGroup;
import io.kubernaut.ports.in.AnalyzeAlert;
import io.kubernaut.ports.in.ProcessAlert;
import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.ApprovalStore;
import io.kubernaut.ports.out.Investigator;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.out.RemediationHistory;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import javax.inject.Singleton;

/**
 * The investigation adapter's one public Dagger module. Provides the external investigators
 * ({@code llm} and {@code holmesgpt}) into a map keyed by name, for the composition root to order
 * as {@code KUBERNAUT_INVESTIGATORS} says, and the analysis and approval routes.
 *
 * <p>Needs {@link InvestigationSettings}, the {@link ActionCatalog}, {@link RedactSecrets},
 * {@link AnalyzeAlert}, {@link ProcessAlert}, {@link PolicySource}, {@link RemediationHistory},
 * {@link ApprovalStore}, a {@link Clock} and the HTTP adapter's {@link ObjectMapper}.
 */
@Module
public final class InvestigationModule {

  private InvestigationModule() {}

  @Provides
  @Singleton
  static JsonPost jsonPost(InvestigationSettings settings, ObjectMapper json) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).build();
    return new JsonPost(client, json, settings.timeout());
  }

  @Provides
  static UntrustedData untrustedData(ObjectMapper json, RedactSecrets redactor) {
    return new UntrustedData(json, redactor);
  }

  @Provides
  @IntoMap
  @StringKey(OpenAiInvestigator.NAME)
  static Investigator llm(InvestigationSettings settings, JsonPost http, ObjectMapper json, ActionCatalog catalog,
      UntrustedData data, Clock clock) {
    return new OpenAiInvestigator(settings, http, json, new CatalogPrompt(catalog), data,
        new AnswerCache(settings.cacheSize(), settings.cacheTtl(), clock));
  }

  @Provides
  @IntoMap
  @StringKey(HolmesGptInvestigator.NAME)
  static Investigator holmesGpt(InvestigationSettings settings, JsonPost http, UntrustedData data) {
    return new HolmesGptInvestigator(settings, http, data);
  }

  @Provides
  static AnalysisContext analysisContext(ObjectMapper json, ProcessAlert processor, Clock clock) {
    return new AnalysisContext(json, processor, clock);
  }

  @Provides
  @IntoSet
  static RouteGroup investigationRoutes(AnalyzeAlert analyzer, PolicySource policies, AnalysisContext context,
      Clock clock) {
    return new InvestigationRoutes(analyzer, policies, context, clock);
  }

  @Provides
  @IntoSet
  static RouteGroup assessmentRoutes(AnalyzeAlert analyzer, PolicySource policies, RemediationHistory history,
      AnalysisContext context, Clock clock) {
    return new AssessmentRoutes(analyzer, policies, history, context, clock);
  }

  @Provides
  @IntoSet
  static RouteGroup approvalRoutes(ApprovalStore store) {
    return new ApprovalRoutes(store);
  }
}

package io.kubernaut.http.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.Investigator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import javax.inject.Singleton;

/**
 * The external investigators' one public Dagger module. Provides the {@code llm}
 * (OpenAI-compatible) and {@code holmesgpt} {@link Investigator}s into a map keyed by name, for the
 * composition root to order as {@code KUBERNAUT_INVESTIGATORS} says.
 *
 * <p>Needs {@link InvestigationSettings}, the {@link ActionCatalog}, {@link RedactSecrets} and a
 * {@link Clock}.
 */
@Module
public final class InvestigatorModule {

  private InvestigatorModule() {}

  @Provides
  @Singleton
  static JsonPost jsonPost(InvestigationSettings settings) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).build();
    return new JsonPost(client, json(), settings.timeout());
  }

  @Provides
  static UntrustedData untrustedData(RedactSecrets redactor) {
    return new UntrustedData(json(), redactor);
  }

  @Provides
  @IntoMap
  @StringKey(OpenAiInvestigator.NAME)
  static Investigator llm(InvestigationSettings settings, JsonPost http, ActionCatalog catalog, UntrustedData data,
      Clock clock) {
    return new OpenAiInvestigator(settings, http, json(), new CatalogPrompt(catalog), data,
        new AnswerCache(settings.cacheSize(), settings.cacheTtl(), clock));
  }

  @Provides
  @IntoMap
  @StringKey(HolmesGptInvestigator.NAME)
  static Investigator holmesGpt(InvestigationSettings settings, JsonPost http, UntrustedData data) {
    return new HolmesGptInvestigator(settings, http, data);
  }

  /**
   * The requests are maps of strings, numbers and the enrichment's records, and the answers are
   * read as trees: Jackson's defaults do both.
   */
  private static ObjectMapper json() {
    return new ObjectMapper();
  }
}

package io.kubernaut.http.llm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the external investigators are reached.
 *
 * @param chain the investigator names in order ({@code KUBERNAUT_INVESTIGATORS})
 * @param llmUrl the OpenAI-compatible base URL, e.g. {@code http://host:11434/v1}
 * @param llmModel the model name
 * @param llmApiKey the bearer key, if the endpoint needs one
 * @param holmesGptUrl the HolmesGPT-API base URL
 * @param timeout the longest one investigator call may take
 * @param maxTokens the token budget of one LLM answer
 * @param cacheSize how many LLM answers are kept
 * @param cacheTtl how long a cached LLM answer stays valid
 */
public record InvestigationSettings(List<String> chain, Optional<String> llmUrl, Optional<String> llmModel,
    Optional<String> llmApiKey, Optional<String> holmesGptUrl, Duration timeout, int maxTokens, int cacheSize,
    Duration cacheTtl) {
  public InvestigationSettings {
    chain = List.copyOf(chain);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(cacheTtl, "cacheTtl");
  }

  /** Settings with the defaults: 30 s timeout, 1024 tokens, 256 cached answers for 1 h. */
  public static InvestigationSettings of(List<String> chain, Optional<String> llmUrl, Optional<String> llmModel,
      Optional<String> llmApiKey, Optional<String> holmesGptUrl) {
    return new InvestigationSettings(chain, llmUrl, llmModel, llmApiKey, holmesGptUrl, Duration.ofSeconds(30), 1024,
        256, Duration.ofHours(1));
  }
}

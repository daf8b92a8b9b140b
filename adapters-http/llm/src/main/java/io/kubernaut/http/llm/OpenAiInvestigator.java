package io.kubernaut.http.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.ports.analysis.Investigation;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.out.Investigator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code llm} investigator: an OpenAI-compatible chat-completions client (OpenAI, vLLM,
 * Ollama, LocalAI…). It asks for JSON following a schema built from the action catalog, with the
 * alert as a quoted, redacted data block, a timeout and a token budget. Answers are cached by
 * fingerprint plus a hash of the prompt, so a repeat costs no call.
 */
final class OpenAiInvestigator implements Investigator {

  static final String NAME = "llm";
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiInvestigator.class);

  private final InvestigationSettings settings;
  private final JsonPost http;
  private final ObjectMapper json;
  private final CatalogPrompt prompt;
  private final UntrustedData data;
  private final AnswerCache cache;

  OpenAiInvestigator(InvestigationSettings settings, JsonPost http, ObjectMapper json, CatalogPrompt prompt,
      UntrustedData data, AnswerCache cache) {
    this.settings = settings;
    this.http = http;
    this.json = json;
    this.prompt = prompt;
    this.data = data;
    this.cache = cache;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Investigation investigate(InvestigationRequest request) {
    String base = settings.llmUrl().orElseThrow(() -> new PermanentException("KUBERNAUT_LLM_URL is not set."));
    String system = prompt.system();
    String user = "Investigate this alert and answer with the JSON object described.\n" + data.block(request);
    String key = request.fingerprint() + ":" + sha256(settings.llmModel().orElse("") + "\n" + system + "\n" + user);
    Optional<Investigation> cached = cache.get(key);
    if (cached.isPresent()) {
      LOG.debug("LLM answer for {} served from the cache", request.alertName());
      return cached.get();
    }
    JsonNode response = http.post("The LLM endpoint", endpoint(base), body(system, user), settings.llmApiKey());
    Investigation answer = parse(response, request);
    cache.put(key, answer);
    return answer;
  }

  private String body(String system, String user) {
    Map<String, Object> body = new LinkedHashMap<>();
    settings.llmModel().ifPresent(m -> body.put("model", m));
    body.put("messages", List.of(Map.of("role", "system", "content", system), Map.of("role", "user", "content", user)));
    body.put("temperature", 0);
    body.put("max_tokens", settings.maxTokens());
    body.put("response_format", Map.of("type", "json_schema",
        "json_schema", Map.of("name", "kubernaut_analysis", "strict", false, "schema", prompt.schema())));
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The chat-completions request could not be serialised", e);
    }
  }

  private Investigation parse(JsonNode response, InvestigationRequest request) {
    String content = response.path("choices").path(0).path("message").path("content").asText("");
    if (content.isBlank()) {
      throw new PermanentException("The LLM answer has no message content.");
    }
    JsonNode answer;
    try {
      answer = json.readTree(unfenced(content));
    } catch (JsonProcessingException e) {
      throw new PermanentException("The LLM answer is not valid JSON: " + e.getOriginalMessage());
    }
    if (answer == null || !answer.isObject()) {
      throw new PermanentException("The LLM answer is not a JSON object.");
    }
    double confidence = answer.path("confidence").asDouble(0);
    return new Investigation(AnswerReader.text(answer, "rootCause", ""), AnswerReader.list(answer.get("evidence")),
        AnswerReader.recommendations(answer.get("recommendations"), request.target(), confidence), confidence);
  }

  /** The content without a Markdown code fence around it. */
  static String unfenced(String content) {
    String s = content.trim();
    if (s.startsWith("```")) {
      s = s.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("```\\s*$", "");
    }
    return s.trim();
  }

  private static String endpoint(String base) {
    String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return b.endsWith("/chat/completions") ? b : b + "/chat/completions";
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}

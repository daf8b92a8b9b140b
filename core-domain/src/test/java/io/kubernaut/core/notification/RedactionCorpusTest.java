package io.kubernaut.core.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.core.analysis.InvestigatorChain;
import io.kubernaut.core.fakes.InMemoryActionCatalog;
import io.kubernaut.ports.analysis.AnalysisGates;
import io.kubernaut.ports.analysis.Investigation;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.notification.RenderedMessage;
import io.kubernaut.ports.out.Investigator;
import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.signal.TargetRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The redaction corpus ({@code /redaction/corpus.tsv}) through both paths that send text out of
 * the process: the investigator chain's request to an external investigator (the LLM path) and
 * the message a notification channel receives (the notification path), each wired with
 * {@link SecretRedactor} as its {@link RedactSecrets}, as the application wires them.
 */
class RedactionCorpusTest {

  private static final String KEEP = "keep";
  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

  private final RedactSecrets redactor = new SecretRedactor();

  /** One line of the corpus: the secret that must go (or {@code keep}) and the text. */
  record Case(String secret, String text) {
    boolean keep() {
      return KEEP.equals(secret);
    }

    @Override
    public String toString() {
      return (keep() ? "keep: " : "redact: ") + text.replace("\n", "\\n");
    }
  }

  /** What one path did with a case's text: every string the outside would see. */
  private record Sent(String path, List<String> texts) {}

  static List<Case> corpus() throws IOException {
    try (InputStream in = RedactionCorpusTest.class.getResourceAsStream("/redaction/corpus.tsv")) {
      List<Case> cases = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\t", 2);
        cases.add(new Case(parts[0], parts[1].replace("\\n", "\n").replace("\\t", "\t")));
      }
      return cases;
    }
  }

  static Stream<Case> cases() throws IOException {
    return corpus().stream();
  }

  /** An external investigator that records the request it was sent and answers nothing. */
  private static final class RecordingInvestigator implements Investigator {
    InvestigationRequest seen;

    @Override
    public String name() {
      return "llm";
    }

    @Override
    public Investigation investigate(InvestigationRequest request) {
      seen = request;
      return new Investigation("", List.of(), List.of(), 0);
    }
  }

  /** The LLM path: the text as an annotation, a label and an event message of an alert. */
  private Sent llmPath(String text) {
    TargetRef web = new TargetRef("Deployment", "shop", "web");
    Enrichment enrichment = new Enrichment(List.of(web), List.of(),
        List.of(new Enrichment.EventSummary("BackOff", text, "Pod/web-abc", 3, NOW.toString())), List.of(), List.of(),
        null, null, null, Map.of("team", text), Map.of(), List.of(text));
    InvestigationRequest request = new InvestigationRequest("fp", "KubePodCrashLooping", "warning", Environment.STAGING,
        web, Map.of("summary", text), Map.of("description", text), enrichment, NOW);
    RecordingInvestigator llm = new RecordingInvestigator();
    new InvestigatorChain(List.of(llm), new InMemoryActionCatalog(), null, redactor).analyze(request,
        AnalysisGates.defaults());
    InvestigationRequest sent = llm.seen;
    return new Sent("LLM request", List.of(sent.annotations().get("description"), sent.labels().get("summary"),
        sent.enrichment().events().get(0).message(), sent.enrichment().namespaceAnnotations().get("team"),
        sent.enrichment().degradations().get(0)));
  }

  /** The notification path: the text as the title, the body and a detail of a notification. */
  private Sent notificationPath(String text) {
    RenderedMessage m = new MessageComposer("kubernaut-system", redactor).compose(Notification.of(
        NotificationType.CUSTOM, "ar-1", "f".repeat(64), "production", "critical", "shop", "Executing", text, text,
        Map.of("note", text)));
    String note = m.facts().stream().filter(f -> f.label().equals("note")).findFirst().orElseThrow().value();
    return new Sent("notification", List.of(m.title(), m.text(), note));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachPathRemovesTheSecretsOfTheCorpusAndLeavesItsNearMissesUnchanged(Case c) {
    for (Sent sent : List.of(new Sent("redactor", List.of(redactor.redact(c.text()))), llmPath(c.text()),
        notificationPath(c.text()))) {
      for (String out : sent.texts()) {
        if (c.keep()) {
          assertThat(out).as("%s changed a near-miss", sent.path()).isEqualTo(c.text());
        } else {
          assertThat(out).as("%s leaked a secret", sent.path()).doesNotContain(c.secret())
              .contains(SecretRedactor.MASK);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void redactingTwiceChangesNothingMore(Case c) {
    String once = redactor.redact(c.text());
    assertThat(redactor.redact(once)).isEqualTo(once);
  }

  @Test
  void theCorpusHoldsAtLeast150CasesWithBothSecretsAndNearMisses() throws IOException {
    List<Case> corpus = corpus();
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(150);
    assertThat(corpus.stream().filter(Case::keep).count()).isGreaterThanOrEqualTo(50);
    assertThat(corpus.stream().filter(c -> !c.keep()).count()).isGreaterThanOrEqualTo(100);
  }
}

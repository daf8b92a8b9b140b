package io.kubernaut.core.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Single behaviours of the redactor; the corpus of cases runs in {@link RedactionCorpusTest}. */
class SecretRedactorTest {

  private final SecretRedactor redactor = new SecretRedactor();

  @Test
  void surroundingTextStaysReadableAroundARedactedPassword() {
    assertThat(redactor.redact("login failed: password=hunter2 for admin"))
        .isEqualTo("login failed: password=[REDACTED] for admin");
  }

  /**
   * A rule runs only on text holding one of its words; that must never keep it from replacing what
   * it would replace. Every corpus text, in upper and lower case, with its neighbours around it and
   * cut at random places, and random mixes of the rules' trigger fragments, redact as they do when
   * every rule runs on every text.
   */
  @Test
  void theRulesWordsNeverKeepARuleFromRunningWhereItWouldReplace() throws IOException {
    List<String> texts = new ArrayList<>();
    List<RedactionCorpusTest.Case> corpus = RedactionCorpusTest.corpus();
    Random random = new Random(19);
    for (int i = 0; i < corpus.size(); i++) {
      String text = corpus.get(i).text();
      texts.add(text);
      texts.add(text.toUpperCase(Locale.ROOT));
      texts.add(text.toLowerCase(Locale.ROOT));
      texts.add(text + "\n" + corpus.get((i + 1) % corpus.size()).text());
      int from = random.nextInt(text.length());
      texts.add(text.substring(from, from + random.nextInt(text.length() - from + 1)));
    }
    String[] fragments = {"password", "PASS", "pwd", "token", "Secret", "api-key", "_auth", "auth", "\"", "\\\"", "'",
        ": ", "=", "%3D", "%22", "%3a", "\n", "  ", "- ", "|", "--", "value", "name", "Bearer ", "basic ", "s.", "sig=",
        "?", "&", "://", "@", "abcdefghijklmnopqrstuvwx", "0123456789ABCDEF0123", "eyJ", "xoxb-", "ghp_", "sk-", "AKIA",
        "hvs.", "SG.", "-----BEGIN RSA PRIVATE KEY-----", "cookie", "session_id", ".dockercfg", "authorization", "{", "}"};
    for (int i = 0; i < 3000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = 1 + random.nextInt(10); n > 0; n--) {
        text.append(fragments[random.nextInt(fragments.length)]);
      }
      texts.add(text.toString());
    }
    for (String text : texts) {
      assertThat(redactor.redact(text)).as(text).isEqualTo(redactor.redactRunningEveryRule(text));
    }
  }

  @Test
  void textWithoutAnyRulesWordsIsReturnedAsItIs() {
    String fact = "Remediation ar-3f2a completed with outcome Remediated. No action is needed.";
    assertThat(redactor.redact(fact)).isSameAs(fact);
  }

  @Test
  void nullBecomesEmptyText() {
    assertThat(redactor.redact(null)).isEmpty();
  }
}

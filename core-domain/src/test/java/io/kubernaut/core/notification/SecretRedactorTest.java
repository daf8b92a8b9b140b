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

  /**
   * Long quoted secrets (an alert's text is up to 16 Ki characters a value) are redacted without exhausting the stack:
   * the quoted-value rules consume runs of plain characters at once. A value of 20,000 characters threw
   * StackOverflowError, which escaped the notifier and stalled the remediation it was about.
   */
  @Test
  void aLongQuotedSecretIsRedactedWithoutExhaustingTheStack() {
    String plain = "x".repeat(20_000);
    assertThat(redactor.redact("\"password\": \"" + plain + "\" and more")).isEqualTo("\"password\": \"[REDACTED]\" and more");
    assertThat(redactor.redact("{\\\"token\\\": \\\"" + plain + "\\\"}")).doesNotContain("xxxx").contains("[REDACTED]");
    assertThat(redactor.redact("{\"auth\": \"" + plain + "\"}")).doesNotContain("xxxx").contains("[REDACTED]");
    assertThat(redactor.redact("password%3D" + plain)).doesNotContain("xxxx").contains("[REDACTED]");
  }

  /**
   * The rules repeat no group once per character or line on the stack (Java's regex engine recurses for a greedy group
   * with alternatives; a possessive one loops): 20,000 escapes in a quoted secret, or a YAML block of 20,000 lines, are
   * redacted on a thread with the smallest stack. (Were one to run out, the text would be withheld whole.)
   */
  @Test
  void longHostileShapesAreRedactedOnASmallStack() throws InterruptedException {
    String escapes = "\"password\": \"" + "\\\\n".repeat(20_000) + "\" tail";
    String block = "password: |\n" + "  line\n".repeat(20_000) + "user: admin";
    String[] redacted = new String[2];
    Thread small = new Thread(null, () -> {
      redacted[0] = redactor.redact(escapes);
      redacted[1] = redactor.redact(block);
    }, "small-stack", 64 * 1024);
    small.start();
    small.join();

    assertThat(redacted[0]).isEqualTo("\"password\": \"[REDACTED]\" tail");
    assertThat(redacted[1]).doesNotContain("line").contains("\n  [REDACTED]\n").endsWith("\nuser: admin");
  }

  @Test
  void nullBecomesEmptyText() {
    assertThat(redactor.redact(null)).isEmpty();
  }
}

package io.kubernaut.core.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {

  private final SecretRedactor redactor = new SecretRedactor();

  private record Case(String secret, String text) {}

  private static List<Case> corpus() throws IOException {
    try (InputStream in = SecretRedactorTest.class.getResourceAsStream("/redaction/corpus.tsv")) {
      List<Case> cases = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\t", 2);
        cases.add(new Case(parts[0], parts[1].replace("\\n", "\n")));
      }
      return cases;
    }
  }

  @Test
  void everySecretOfTheCorpusIsReplacedByTheMask() throws IOException {
    List<String> leaks = new ArrayList<>();
    int checked = 0;
    for (Case c : corpus()) {
      if (c.secret().equals("keep")) {
        continue;
      }
      checked++;
      String out = redactor.redact(c.text());
      if (out.contains(c.secret()) || !out.contains(SecretRedactor.MASK)) {
        leaks.add(c.text() + "  =>  " + out);
      }
    }
    assertThat(checked).isGreaterThan(30);
    assertThat(leaks).as("cases that leaked a secret").isEmpty();
  }

  @Test
  void ordinaryOperationalTextOfTheCorpusIsLeftUnchanged() throws IOException {
    List<String> mangled = new ArrayList<>();
    for (Case c : corpus()) {
      if (c.secret().equals("keep") && !redactor.redact(c.text()).equals(c.text())) {
        mangled.add(c.text() + "  =>  " + redactor.redact(c.text()));
      }
    }
    assertThat(mangled).as("false positives").isEmpty();
  }

  @Test
  void surroundingTextStaysReadableAroundARedactedPassword() {
    assertThat(redactor.redact("login failed: password=hunter2 for admin"))
        .isEqualTo("login failed: password=[REDACTED] for admin");
  }

  @Test
  void redactingTwiceChangesNothingMore() throws IOException {
    for (Case c : corpus()) {
      String once = redactor.redact(c.text());
      assertThat(redactor.redact(once)).as(c.text()).isEqualTo(once);
    }
  }

  @Test
  void nullBecomesEmptyText() {
    assertThat(redactor.redact(null)).isEmpty();
  }
}

package io.kubernaut.core.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Single behaviours of the redactor; the corpus of cases runs in {@link RedactionCorpusTest}. */
class SecretRedactorTest {

  private final SecretRedactor redactor = new SecretRedactor();

  @Test
  void surroundingTextStaysReadableAroundARedactedPassword() {
    assertThat(redactor.redact("login failed: password=hunter2 for admin"))
        .isEqualTo("login failed: password=[REDACTED] for admin");
  }

  @Test
  void nullBecomesEmptyText() {
    assertThat(redactor.redact(null)).isEmpty();
  }
}

package io.kubernaut.http.notify;

import io.kubernaut.ports.in.RedactSecrets;

/** Adapters cannot see the core's redactor: a stand-in that masks one known secret, enough to see redaction wired in. */
final class TestRedactor implements RedactSecrets {
  @Override
  public String redact(String text) {
    return text == null ? "" : text.replace("hunter2", "[REDACTED]");
  }
}

package io.kubernaut.ports.in;

/**
 * Use case: removes secrets from text before it leaves the process (tokens, bearer headers,
 * passwords, API keys, AWS keys, private-key PEM blocks, credentials in URLs, JWTs, Slack and
 * GitHub tokens). Each secret is replaced by {@code [REDACTED]}, keeping the surrounding text
 * readable. Pure and thread-safe.
 */
public interface RedactSecrets {

  /** The text with every recognised secret replaced; null becomes empty. */
  String redact(String text);
}

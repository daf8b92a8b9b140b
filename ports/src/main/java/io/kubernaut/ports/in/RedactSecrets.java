package io.kubernaut.ports.in;

/**
 * Use case: removes secrets from text before it leaves the process or is stored from an untrusted
 * source (tokens of known formats, bearer headers, private-key PEM blocks, credentials in URLs,
 * signed-URL parameters, Docker registry auth, Kubernetes env entries, and values whose name says
 * secret in any spelling). Each secret is replaced by {@code [REDACTED]}, keeping the surrounding
 * text readable. Pure and thread-safe. The full list is in {@code docs/notifications.md}.
 */
public interface RedactSecrets {

  /** The text with every recognised secret replaced; null becomes empty. */
  String redact(String text);
}

package io.kubernaut.ports.notification;

import java.util.List;
import java.util.Objects;

/**
 * A notification composed for humans and already redacted: what every channel formats in its own
 * payload shape. Nothing in it may be a secret; channels send it as it is.
 *
 * @param type why it is sent
 * @param trackingId the alert tracking id (the AlertRemediation name)
 * @param fingerprint the problem's fingerprint, possibly empty
 * @param environment the environment wire name, possibly empty
 * @param severity the normalised severity wire name, possibly empty
 * @param namespace the target namespace, possibly empty
 * @param phase the remediation phase when it was sent, possibly empty
 * @param title a one-line subject
 * @param text the per-type explanation and next step, in sentences (may span lines)
 * @param facts ordered label/value facts: the tracking id, fingerprint, environment, phase and per-type figures
 * @param kubectlHint the command that shows the remediation, e.g. {@code kubectl describe ar <name> -n <ns>}
 * @param idempotencyKey the source notification's idempotency key
 */
public record RenderedMessage(
    NotificationType type,
    String trackingId,
    String fingerprint,
    String environment,
    String severity,
    String namespace,
    String phase,
    String title,
    String text,
    List<Fact> facts,
    String kubectlHint,
    String idempotencyKey) {

  /** One label/value line of a message. */
  public record Fact(String label, String value) {
    public Fact {
      Objects.requireNonNull(label, "label");
      value = value == null ? "" : value;
    }
  }

  public RenderedMessage {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(trackingId, "trackingId");
    Objects.requireNonNull(title, "title");
    fingerprint = fingerprint == null ? "" : fingerprint;
    environment = environment == null ? "" : environment;
    severity = severity == null ? "" : severity;
    namespace = namespace == null ? "" : namespace;
    phase = phase == null ? "" : phase;
    text = text == null ? "" : text;
    facts = List.copyOf(facts == null ? List.of() : facts);
    kubectlHint = kubectlHint == null ? "" : kubectlHint;
    idempotencyKey = idempotencyKey == null ? "" : idempotencyKey;
  }
}

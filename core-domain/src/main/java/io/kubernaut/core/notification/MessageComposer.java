package io.kubernaut.core.notification;

import static io.kubernaut.ports.notification.NotificationDetails.*;

import io.kubernaut.ports.in.ComposeMessage;
import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.RenderedMessage;
import io.kubernaut.ports.notification.RenderedMessage.Fact;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the message humans read for each notification type: what happened, the figures that
 * matter (phase and duration of a timeout, why it is blocked, the size of a storm) and the next
 * step, always with the tracking id, fingerprint, environment, phase and a {@code kubectl} hint.
 * Every string is redacted last, so nothing a caller put in a title, body or detail leaks.
 */
public final class MessageComposer implements ComposeMessage {

  /** The annotation that approves or rejects a remediation. */
  public static final String APPROVAL_ANNOTATION = "kubernaut.io/approval";

  private static final Set<String> SHOWN_DETAILS = Set.of(TIMEOUT_PHASE, DURATION, REASON, FAILURE_PHASE, COUNT, WINDOW,
      THRESHOLD);

  private final String remediationNamespace;
  private final RedactSecrets redactor;

  /**
   * @param remediationNamespace the namespace the AlertRemediation resources live in (the operator's)
   * @param redactor applied to every string of the message
   */
  public MessageComposer(String remediationNamespace, RedactSecrets redactor) {
    this.remediationNamespace = Objects.requireNonNull(remediationNamespace, "remediationNamespace");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
  }

  @Override
  public RenderedMessage compose(Notification n) {
    String name = n.remediationName();
    String hint = "kubectl describe ar " + name + " -n " + remediationNamespace;
    String text = explanation(n);
    if (!n.body().isBlank()) {
      text = text.isEmpty() ? n.body() : text + "\n" + n.body();
    }
    return new RenderedMessage(n.type(), r(name), r(n.fingerprint()), r(n.environment()), r(n.severity()),
        r(n.namespace()), r(n.phase()), r(n.title()), r(text), facts(n), r(hint), r(n.idempotencyKey()));
  }

  /** The per-type sentences: what happened and what to do next. */
  private String explanation(Notification n) {
    String name = n.remediationName();
    Map<String, String> d = n.details();
    return switch (n.type()) {
      case APPROVAL_NEEDED -> "Remediation " + name + " is waiting for approval before it acts. Approve it with "
          + "`kubectl kubernaut approve " + name + " -n " + remediationNamespace + "` (or `kubectl kubernaut reject "
          + name + " -n " + remediationNamespace + " --reason TEXT` to reject it).";
      case COMPLETED -> "Remediation " + name + " completed" + suffix(" with outcome ", d.get(REASON)) + ". No action is needed.";
      case FAILED -> (io.kubernaut.ports.pipeline.Phase.parse(io.kubernaut.ports.remediation.RemediationPhase.class,
          n.phase()) == io.kubernaut.ports.remediation.RemediationPhase.Completed && !d.containsKey(FAILURE_PHASE)
          ? "Remediation " + name + " ran but did not fix the problem" + suffix(" (outcome ", d.get(REASON), ")")
          : "Remediation " + name + " failed" + suffix(" in phase ", d.getOrDefault(FAILURE_PHASE, n.phase()))
              + suffix(": ", d.get(REASON)))
          + ". Investigate with the command below; Kubernaut will not retry it on its own.";
      case TIMED_OUT -> "Remediation " + name + " timed out" + suffix(" in phase ", d.getOrDefault(TIMEOUT_PHASE, n.phase()))
          + suffix(" after ", d.get(DURATION)) + ". Investigate why the phase did not complete.";
      case BLOCKED -> "Remediation " + name + " is blocked" + suffix(": ", d.get(REASON))
          + ". It will not act until the cause is cleared.";
      case STORM -> "An alert storm of " + d.getOrDefault(COUNT, "many") + " alerts"
          + suffix(" within ", d.get(WINDOW)) + " was aggregated into remediation " + name + ".";
      case MANUAL_REVIEW -> "Remediation " + name + " needs a manual review" + suffix(": ", d.get(REASON))
          + ". Kubernaut will not act on it by itself.";
      case CUSTOM -> "";
    };
  }

  private List<Fact> facts(Notification n) {
    List<Fact> facts = new ArrayList<>();
    facts.add(fact("Tracking id", n.remediationName()));
    facts.add(fact("Fingerprint", n.fingerprint()));
    facts.add(fact("Environment", n.environment()));
    facts.add(fact("Phase", n.phase()));
    addIfPresent(facts, "Severity", n.severity());
    addIfPresent(facts, "Namespace", n.namespace());
    Map<String, String> d = n.details();
    switch (n.type()) {
      case TIMED_OUT -> {
        addIfPresent(facts, "Timeout phase", d.getOrDefault(TIMEOUT_PHASE, n.phase()));
        addIfPresent(facts, "Timeout duration", d.get(DURATION));
      }
      case BLOCKED, MANUAL_REVIEW, COMPLETED -> addIfPresent(facts, "Reason", d.get(REASON));
      case FAILED -> {
        addIfPresent(facts, "Failure phase", d.get(FAILURE_PHASE));
        addIfPresent(facts, "Reason", d.get(REASON));
      }
      case STORM -> {
        addIfPresent(facts, "Alert count", d.get(COUNT));
        addIfPresent(facts, "Window", d.get(WINDOW));
      }
      default -> { }
    }
    new TreeMap<>(d).forEach((k, v) -> {
      if (!SHOWN_DETAILS.contains(k)) {
        facts.add(fact(k, v));
      }
    });
    return facts;
  }

  private void addIfPresent(List<Fact> facts, String label, String value) {
    if (value != null && !value.isBlank()) {
      facts.add(fact(label, value));
    }
  }

  private Fact fact(String label, String value) {
    return new Fact(r(label), r(value == null || value.isBlank() ? "-" : value));
  }

  private static String suffix(String lead, String value) {
    return suffix(lead, value, "");
  }

  private static String suffix(String lead, String value, String close) {
    return value == null || value.isBlank() ? "" : lead + value + close;
  }

  private String r(String s) {
    return redactor.redact(s);
  }
}

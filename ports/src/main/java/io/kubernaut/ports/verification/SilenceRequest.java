package io.kubernaut.ports.verification;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A silence to create while a remediation acts: it matches exactly one alert, never more.
 *
 * @param remediation the AlertRemediation's name, by which the silence is found again after a restart
 * @param matchers equality matchers: {@code alertname} plus the target's identifying labels
 * @param endsAt when the silence ends on its own if nobody expires it
 * @param comment a sentence naming the remediation and how to look at it
 */
public record SilenceRequest(String remediation, Map<String, String> matchers, Instant endsAt, String comment) {

  /** The {@code createdBy} of every silence Kubernaut creates. */
  public static final String CREATED_BY = "kubernaut";

  public SilenceRequest {
    Objects.requireNonNull(remediation, "remediation");
    matchers = Map.copyOf(Objects.requireNonNull(matchers, "matchers"));
    Objects.requireNonNull(endsAt, "endsAt");
    Objects.requireNonNull(comment, "comment");
    if (!matchers.containsKey("alertname")) {
      throw new IllegalArgumentException("a silence must match an alertname");
    }
  }
}

package io.kubernaut.core.intake;

import io.kubernaut.ports.in.IngestSignalCommand;
import io.kubernaut.ports.remediation.SourceAlert;
import io.kubernaut.ports.signal.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A delivery's source alerts by the remediation they are recorded on, in the order they came, each
 * remediation's written at once: the alerts of one problem (the pods of a Deployment, the resources
 * folded into a topology storm) cost one write, not one each.
 */
final class AlertsByRemediation {

  /** One write of a remediation's alerts, received {@code at} (the latest of them). */
  @FunctionalInterface
  interface Write {
    void to(String remediation, List<SourceAlert> alerts, Instant at);
  }

  private final Map<String, List<SourceAlert>> alerts = new LinkedHashMap<>();
  private final Map<String, Instant> lastReceived = new HashMap<>();

  void add(String remediation, IngestSignalCommand command) {
    Signal signal = command.signal();
    alerts.computeIfAbsent(remediation, n -> new ArrayList<>())
        .add(new SourceAlert(signal.sourceFingerprint(), signal.startsAt()));
    lastReceived.merge(remediation, command.receivedAt(), (a, b) -> a.isAfter(b) ? a : b);
  }

  void writeEach(Write write) {
    alerts.forEach((remediation, those) -> write.to(remediation, those, lastReceived.get(remediation)));
  }
}

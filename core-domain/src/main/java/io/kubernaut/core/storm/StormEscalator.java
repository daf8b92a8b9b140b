package io.kubernaut.core.storm;

import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.out.Notifier;
import io.kubernaut.ports.out.RemediationStore;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.remediation.StormCrossing;
import io.kubernaut.ports.remediation.StormThreshold;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends one escalation per storm threshold crossing. The crossing is first recorded on the
 * remediation, where only one writer (across replicas) can win it; only the winner notifies, with
 * the idempotency key {@code storm:<remediation>:<threshold>}.
 */
public final class StormEscalator {

  private final StormDetector detector;
  private final RemediationStore store;
  private final Notifier notifier;

  public StormEscalator(StormDetector detector, RemediationStore store, Notifier notifier) {
    this.detector = detector;
    this.store = store;
    this.notifier = notifier;
  }

  /** Escalates whatever {@code counted} crossed with this duplicate; returns the thresholds escalated. */
  public List<StormThreshold> escalate(RemediationSummary counted, java.time.Instant at) {
    List<StormThreshold> escalated = new ArrayList<>();
    for (StormCrossing crossing : detector.crossings(counted, at)) {
      if (store.recordStorm(counted.name(), crossing)) {
        notifier.notify(notification(counted, crossing));
        escalated.add(crossing.threshold());
      }
    }
    return escalated;
  }

  static Notification notification(RemediationSummary ar, StormCrossing crossing) {
    String what = crossing.threshold() == StormThreshold.COUNT
        ? crossing.count() + " duplicates (threshold " + crossing.limit() + ")"
        : crossing.count() + " duplicates within " + minutes(crossing) + " (threshold " + crossing.limit() + ")";
    Map<String, String> details = new LinkedHashMap<>();
    details.put("threshold", crossing.threshold().wireName());
    details.put("count", String.valueOf(crossing.count()));
    details.put("limit", String.valueOf(crossing.limit()));
    if (!crossing.window().isZero()) {
      details.put("window", crossing.window().toString());
    }
    details.put("target", ar.target() == null ? "" : ar.target().display());
    return new Notification(NotificationType.STORM, ar.name(), ar.fingerprint().hex(), ar.environment().wireName(),
        "", ar.target() == null ? "" : ar.target().namespace(), ar.phase().name(),
        "Alert storm on AlertRemediation " + ar.name() + ": " + what,
        "AlertRemediation " + ar.name() + " for " + (ar.target() == null ? "its target" : ar.target().display())
            + " in " + ar.environment().wireName() + " received " + what + ". The duplicates are counted on it and"
            + " no further remediation starts; check the source and inspect it with: kubectl describe ar " + ar.name(),
        "storm:" + ar.name() + ":" + crossing.threshold().wireName(), details);
  }

  private static String minutes(StormCrossing crossing) {
    long seconds = crossing.window().toSeconds();
    return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
  }
}

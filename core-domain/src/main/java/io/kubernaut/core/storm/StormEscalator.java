package io.kubernaut.core.storm;

import io.kubernaut.ports.notification.NotificationDetails;
import io.kubernaut.ports.pipeline.DurationFormatter;
import io.kubernaut.ports.in.EscalateStorm;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.out.Notifier;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.remediation.StormCrossing;
import io.kubernaut.ports.remediation.StormThreshold;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends one escalation per storm threshold crossing. The intake only queues a crossing on the
 * store; the store records it with its next status write, where only one writer (across replicas)
 * can win it, and hands the winner's crossing here. The notification carries the idempotency key
 * {@code storm:<remediation>:<threshold>}.
 */
public final class StormEscalator implements EscalateStorm {

  private final Notifier notifier;
  private final PipelineMetrics metrics;

  public StormEscalator(Notifier notifier, PipelineMetrics metrics) {
    this.notifier = notifier;
    this.metrics = metrics;
  }

  @Override
  public void escalate(RemediationSummary recorded, StormCrossing crossing) {
    metrics.stormEscalated(crossing.threshold().wireName());
    notifier.notify(notification(recorded, crossing));
  }

  static Notification notification(RemediationSummary ar, StormCrossing crossing) {
    String what = crossing.threshold() == StormThreshold.COUNT
        ? crossing.count() + " duplicates (threshold " + crossing.limit() + ")"
        : crossing.count() + " duplicates within " + DurationFormatter.words(crossing.window()) + " (threshold " + crossing.limit() + ")";
    Map<String, String> details = new LinkedHashMap<>();
    details.put(NotificationDetails.THRESHOLD, crossing.threshold().wireName());
    details.put(NotificationDetails.COUNT, String.valueOf(crossing.count()));
    details.put("limit", String.valueOf(crossing.limit()));
    if (!crossing.window().isZero()) {
      details.put(NotificationDetails.WINDOW, DurationFormatter.compact(crossing.window()));
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
}

package io.kubernaut.ports.out;

import io.kubernaut.ports.verification.AlertActivity;
import java.util.Map;

/**
 * Driven port: whether an alert is still active in Alertmanager (API v2 {@code GET /alerts}).
 * An alert that resolves while silenced sends no resolved webhook, so its state is read here.
 */
public interface AlertStateReader {

  /** Whether an Alertmanager is configured at all. */
  boolean configured();

  /**
   * The state of the alerts whose labels include every one of {@code labels} (alertname plus the
   * target's identifying labels); {@code UNKNOWN} when not configured or not answering.
   */
  AlertActivity activity(Map<String, String> labels);
}

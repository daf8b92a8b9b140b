package io.kubernaut.k8s.fakes;

import io.kubernaut.ports.out.AlertStateReader;
import io.kubernaut.ports.verification.AlertActivity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Alertmanager's alert state as the test sets it; records the label sets asked about. */
public final class InMemoryAlertStateReader implements AlertStateReader {

  public final List<Map<String, String>> asked = new CopyOnWriteArrayList<>();
  public volatile boolean configured;
  public volatile AlertActivity.State state = AlertActivity.State.ACTIVE;

  @Override
  public boolean configured() {
    return configured;
  }

  @Override
  public AlertActivity activity(Map<String, String> labels) {
    asked.add(Map.copyOf(labels));
    return configured ? new AlertActivity(state, "set by the test") : new AlertActivity(AlertActivity.State.UNKNOWN,
        "no Alertmanager is configured");
  }
}

package io.kubernaut.core.intake;

import io.kubernaut.ports.in.IngestSignalCommand;
import io.kubernaut.ports.out.RemediationStore;
import java.util.ArrayList;
import java.util.List;

/**
 * What a delivery strikes off once its firing alerts are recorded: the resolutions beside a firing
 * alert of their own problem, one by one, and the alerts struck off each topology storm, one write
 * per storm.
 */
final class DeliveryStrikes {

  private final List<Runnable> own = new ArrayList<>();
  private final AlertsByRemediation offStorms = new AlertsByRemediation();

  /** A strike of the alert's own problem, run as it is. */
  void later(Runnable strike) {
    own.add(strike);
  }

  /** The resolved alert of {@code command}, to be struck off the topology storm {@code storm}. */
  void offStorm(String storm, IngestSignalCommand command) {
    offStorms.add(storm, command);
  }

  /** Runs the own strikes, then writes each storm's. */
  void run(RemediationStore store) {
    own.forEach(Runnable::run);
    offStorms.writeEach(store::recordResolutions);
  }
}

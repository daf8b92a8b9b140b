package io.kubernaut.core.storm;

import io.kubernaut.core.fingerprint.Fingerprinter;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.util.List;

/**
 * The identity of a topology-storm remediation: its target is the namespace all affected
 * resources share ({@code Namespace/<ns>}), or {@code Cluster/all-namespaces} when they span
 * several. Its fingerprint is that of {@code <alertname>/topology-storm} on that target, so every
 * replica folds the same storm into the same remediation.
 */
public final class TopologyStorm {

  /** The target of a storm whose resources span several namespaces. */
  public static final TargetRef CLUSTER = new TargetRef("Cluster", "", "all-namespaces");

  private static final String NAME_SUFFIX = "-storm";
  private static final int MAX_ALERTNAME_IN_NAME = 24;

  private TopologyStorm() {}

  /** The name base of the storm remediation: the alertname, shortened so that {@code -storm} survives the slug. */
  public static String nameBase(String alertName) {
    return alertName.substring(0, Math.min(alertName.length(), MAX_ALERTNAME_IN_NAME)) + NAME_SUFFIX;
  }

  /** The target that stands for every affected resource. */
  public static TargetRef targetOf(List<TargetRef> affected) {
    List<String> namespaces = affected.stream().map(TargetRef::namespace).distinct().toList();
    if (namespaces.size() == 1 && !namespaces.get(0).isEmpty()) {
      return new TargetRef("Namespace", "", namespaces.get(0));
    }
    return CLUSTER;
  }

  /** The fingerprint of the storm remediation of {@code alertName} on {@code stormTarget}. */
  public static Fingerprint fingerprintOf(String alertName, TargetRef stormTarget) {
    return Fingerprinter.of(alertName + "/topology-storm", stormTarget);
  }
}

package io.kubernaut.k8s;

import io.kubernaut.ports.remediation.RemediationSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Duplicates counted in this process on one remediation and not yet in its status: how many, the
 * earliest arrival, and the latest {@link RemediationSummary#RECENT_DUPLICATES} arrival times
 * (oldest first), which is all a storm rate rule can ask for.
 */
record DuplicateBatch(long count, Instant earliest, List<Instant> latest) {

  static final DuplicateBatch EMPTY = new DuplicateBatch(0, null, List.of());

  DuplicateBatch {
    latest = List.copyOf(latest);
  }

  boolean isEmpty() {
    return count == 0;
  }

  /** This batch with one more duplicate that arrived at {@code at}. */
  DuplicateBatch plus(Instant at) {
    return new DuplicateBatch(count + 1, earliest == null || at.isBefore(earliest) ? at : earliest,
        mergeTimes(latest, List.of(at)));
  }

  /** Both batches as one. */
  DuplicateBatch plus(DuplicateBatch other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    return new DuplicateBatch(count + other.count, other.earliest.isBefore(earliest) ? other.earliest : earliest,
        mergeTimes(latest, other.latest));
  }

  /** The latest arrival in the batch; null when empty. */
  Instant last() {
    return latest.isEmpty() ? null : latest.get(latest.size() - 1);
  }

  /**
   * Both lists of arrival times in order, the latest {@link RemediationSummary#RECENT_DUPLICATES} kept.
   * Every duplicate merges twice, so two lists in order (as they always are) are merged from their
   * ends, without a sort and into one array of the kept size; lists out of order are sorted.
   */
  static List<Instant> mergeTimes(List<Instant> a, List<Instant> b) {
    if (!inOrder(a) || !inOrder(b)) {
      List<Instant> merged = new ArrayList<>(a.size() + b.size());
      merged.addAll(a);
      merged.addAll(b);
      merged.sort(null);
      int from = Math.max(0, merged.size() - RemediationSummary.RECENT_DUPLICATES);
      return List.copyOf(merged.subList(from, merged.size()));
    }
    Instant[] kept = new Instant[Math.min(RemediationSummary.RECENT_DUPLICATES, a.size() + b.size())];
    int i = a.size() - 1;
    int j = b.size() - 1;
    for (int k = kept.length - 1; k >= 0; k--) {
      kept[k] = j < 0 || (i >= 0 && a.get(i).isAfter(b.get(j))) ? a.get(i--) : b.get(j--);
    }
    return List.of(kept);
  }

  static boolean inOrder(List<Instant> times) {
    for (int i = 1; i < times.size(); i++) {
      if (times.get(i).isBefore(times.get(i - 1))) {
        return false;
      }
    }
    return true;
  }
}

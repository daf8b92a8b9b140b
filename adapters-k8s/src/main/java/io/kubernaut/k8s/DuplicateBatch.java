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
    Instant first = earliest == null || at.isBefore(earliest) ? at : earliest;
    Instant last = last();
    if (last != null && at.isBefore(last)) {
      return new DuplicateBatch(count + 1, first, mergeTimes(latest, List.of(at)));
    }
    // Arriving in order, as nearly every duplicate does: appended, the oldest let go of when full, without a merge.
    int kept = Math.min(RemediationSummary.RECENT_DUPLICATES - 1, latest.size());
    Instant[] times = new Instant[kept + 1];
    for (int i = 0; i < kept; i++) {
      times[i] = latest.get(latest.size() - kept + i);
    }
    times[kept] = at;
    return new DuplicateBatch(count + 1, first, List.of(times));
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
    boolean aInOrder = inOrder(a);
    boolean bInOrder = inOrder(b);
    // One list alone, or a full one that is all later than the other: it is the answer as it is (no copy of an
    // immutable list), as for every duplicate of a remediation whose stored times are empty or all older.
    if (aInOrder && bInOrder && (b.isEmpty() || a.isEmpty()
        || b.size() >= RemediationSummary.RECENT_DUPLICATES && !b.get(0).isBefore(a.get(a.size() - 1)))) {
      List<Instant> only = b.isEmpty() ? a : b;
      return List.copyOf(only.size() <= RemediationSummary.RECENT_DUPLICATES ? only
          : only.subList(only.size() - RemediationSummary.RECENT_DUPLICATES, only.size()));
    }
    if (!aInOrder || !bInOrder) {
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

package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.remediation.RemediationSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The arrival times a batch keeps: the latest ones, in order, whatever order the lists came in. */
class DuplicateBatchTest {

  private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

  /** What the merge must answer: everything sorted, the latest kept. */
  private static List<Instant> sortedLatest(List<Instant> a, List<Instant> b) {
    List<Instant> all = new ArrayList<>(a);
    all.addAll(b);
    all.sort(null);
    return all.subList(Math.max(0, all.size() - RemediationSummary.RECENT_DUPLICATES), all.size());
  }

  private static List<Instant> times(Random random, int n, boolean inOrder) {
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      times.add(T0.plusMillis(random.nextInt(5_000))); // few distinct values: ties are common
    }
    if (inOrder) {
      times.sort(null);
    }
    return times;
  }

  @Test
  void mergingKeepsTheLatestTimesInOrderForListsInOrderOutOfOrderAndWithTies() {
    Random random = new Random(19);
    for (int round = 0; round < 20_000; round++) {
      int max = RemediationSummary.RECENT_DUPLICATES + 8;
      List<Instant> a = times(random, random.nextInt(max), round % 7 != 0);
      List<Instant> b = times(random, random.nextInt(round % 3 == 0 ? 2 : max), round % 11 != 0);

      assertThat(DuplicateBatch.mergeTimes(a, b)).as("round %d: %s + %s", round, a, b).isEqualTo(sortedLatest(a, b));
    }
  }

  @Test
  void mergingAListThatIsAllLaterOrAloneAnswersItsLatestTimes() {
    Random random = new Random(23);
    for (int round = 0; round < 20_000; round++) {
      int max = RemediationSummary.RECENT_DUPLICATES + 8;
      List<Instant> a = times(random, random.nextInt(max), true);
      Instant from = a.isEmpty() ? T0 : a.get(a.size() - 1).minusMillis(random.nextInt(3)); // ties and overlaps too
      List<Instant> b = new ArrayList<>();
      int n = random.nextInt(max);
      for (int i = 0; i < n; i++) {
        b.add(from.plusMillis(random.nextInt(5_000)));
      }
      b.sort(null);
      List<Instant> first = round % 2 == 0 ? a : b;
      List<Instant> second = round % 2 == 0 ? b : a;

      assertThat(DuplicateBatch.mergeTimes(List.copyOf(first), List.copyOf(second)))
          .as("round %d: %s + %s", round, first, second).isEqualTo(sortedLatest(first, second));
    }
  }

  @Test
  void aDuplicateAddedToABatchKeepsItsLatestArrivalsWhateverOrderTheyArriveIn() {
    Random random = new Random(29);
    for (int round = 0; round < 2_000; round++) {
      DuplicateBatch batch = DuplicateBatch.EMPTY;
      List<Instant> arrived = new ArrayList<>();
      int n = random.nextInt(2 * RemediationSummary.RECENT_DUPLICATES);
      for (int i = 0; i < n; i++) {
        // Mostly in order, with ties and the odd late one, as the request threads count them.
        Instant at = T0.plusMillis(i * 10L - (random.nextInt(8) == 0 ? random.nextInt(200) : 0));
        batch = batch.plus(at);
        arrived.add(at);
      }

      assertThat(batch.count()).isEqualTo(n);
      assertThat(batch.latest()).as("round %d: %s", round, arrived).isEqualTo(sortedLatest(arrived, List.of()));
      assertThat(batch.earliest()).isEqualTo(arrived.stream().min(Instant::compareTo).orElse(null));
    }
  }

  @Test
  void aBatchCountsEveryDuplicateAndKeepsItsLatestArrivals() {
    DuplicateBatch batch = DuplicateBatch.EMPTY;
    for (int i = 0; i < 100; i++) {
      batch = batch.plus(T0.plusSeconds(i));
    }
    batch = batch.plus(T0.minusSeconds(1)); // late: counted, too old to be kept

    assertThat(batch.count()).isEqualTo(101);
    assertThat(batch.earliest()).isEqualTo(T0.minusSeconds(1));
    assertThat(batch.latest()).hasSize(RemediationSummary.RECENT_DUPLICATES).isSorted()
        .endsWith(T0.plusSeconds(99)).startsWith(T0.plusSeconds(100 - RemediationSummary.RECENT_DUPLICATES));
    assertThat(batch.last()).isEqualTo(T0.plusSeconds(99));
  }
}

package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.Duplicates;
import io.kubernaut.k8s.crd.StormStatus;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.remediation.DuplicateCount;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.remediation.StormCrossing;
import io.kubernaut.ports.remediation.StormThreshold;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The flush's decisions without an API server: what one write carries, and which storm crossings it
 * escalates, against a status held in memory and written the way the store's guarded write does
 * (computed from the status read; recomputed from the fresh one after a 409).
 */
class DuplicateFlusherTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  private static final StormCrossing COUNT = new StormCrossing(StormThreshold.COUNT, 5, 5, Duration.ZERO, T0);
  private static final StormCrossing RATE = new StormCrossing(StormThreshold.RATE, 3, 3, Duration.ofMinutes(5), T0);

  private final InMemoryStatus status = new InMemoryStatus();
  private final List<String> escalated = new ArrayList<>();
  private final DuplicateFlusher flusher = new DuplicateFlusher(status,
      (ar, crossing) -> escalated.add(ar.name() + ":" + crossing.threshold().wireName()), Duration.ofHours(1));

  @AfterEach
  void close() {
    flusher.close();
  }

  /** One remediation's status in memory; {@link #concurrently} runs once between a write's read and its write (a 409). */
  private static final class InMemoryStatus implements DuplicateFlusher.StatusWriter {
    AlertRemediationStatus current = new AlertRemediationStatus();
    int writes;
    int conflicts;
    volatile int attempts;
    RuntimeException failure;
    Runnable concurrently;
    /** The next write lands, but its answer is lost: the client sends it again and meets a 409, so it is recomputed. */
    boolean landsThenConflicts;
    /** The next write lands, but its answer is lost and the caller gets this error. */
    RuntimeException landsThenFails;

    @Override
    public Optional<RemediationSummary> write(String name, GatewayStatus.Change change) {
      attempts++;
      if (failure != null) {
        throw failure;
      }
      Optional<Map<String, Object>> fields = change.apply(current);
      if (concurrently != null) {
        concurrently.run();
        concurrently = null;
        conflicts++;
        fields = change.apply(current);
      }
      if (fields.isEmpty()) {
        return Optional.empty();
      }
      apply(fields.get());
      if (landsThenConflicts) {
        landsThenConflicts = false;
        conflicts++;
        fields = change.apply(current);
        if (fields.isEmpty()) {
          return Optional.empty();
        }
        apply(fields.get());
      }
      if (landsThenFails != null) {
        RuntimeException lost = landsThenFails;
        landsThenFails = null;
        throw lost;
      }
      return Optional.of(new RemediationSummary(name, new Fingerprint("a".repeat(64)), RemediationPhase.Executing,
          new TargetRef("Deployment", "shop-prod", "checkout"), new DuplicateCount(count(), T0, T0), T0));
    }

    private void apply(Map<String, Object> fields) {
      fields.forEach((field, value) -> {
        switch (field) {
          case "duplicates" -> current.setDuplicates((Duplicates) value);
          case "storm" -> current.setStorm((StormStatus) value);
          case "recentDuplicates" -> current.setRecentDuplicates(strings(value));
          default -> throw new AssertionError("the gateway does not own status." + field);
        }
      });
      writes++;
    }

    long count() {
      return current.getDuplicates() == null || current.getDuplicates().getCount() == null ? 0
          : current.getDuplicates().getCount();
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
      return (List<String>) value;
    }
  }

  private RemediationSummary stored() {
    return new RemediationSummary("crash-1", new Fingerprint("a".repeat(64)), RemediationPhase.Executing,
        new TargetRef("Deployment", "shop-prod", "checkout"), new DuplicateCount(status.count(), T0, T0), T0);
  }

  @Test
  void aQueuedCrossingIsRecordedWithTheCountsInOneWriteAndEscalatedOnceByThatWrite() {
    for (int i = 0; i < 6; i++) {
      flusher.count(stored(), T0.plusSeconds(i));
    }
    assertThat(flusher.queueStorm("crash-1", COUNT)).isTrue();
    assertThat(flusher.queueStorm("crash-1", COUNT)).as("one per threshold").isFalse();
    assertThat(escalated).isEmpty();

    flusher.flushAll();

    assertThat(status.writes).isEqualTo(1);
    assertThat(status.count()).isEqualTo(6);
    assertThat(status.current.getStorm().getCrossed()).containsExactly("count");
    assertThat(escalated).containsExactly("crash-1:count");
    assertThat(flusher.queuedStorms()).isZero();

    flusher.flushAll();
    assertThat(status.writes).as("nothing left to write").isEqualTo(1);
    assertThat(escalated).hasSize(1);
  }

  @Test
  void aThresholdAnotherReplicaRecordedBetweenTheReadAndTheWriteIsDroppedFromTheRetriedWriteAndNotEscalatedHere() {
    flusher.count(stored(), T0);
    flusher.queueStorm("crash-1", COUNT);
    flusher.queueStorm("crash-1", RATE);
    status.concurrently = () -> {
      StormStatus other = new StormStatus();
      other.setThreshold("count");
      other.setCrossed(List.of("count"));
      status.current.setStorm(other);
      status.current.setDuplicates(new Duplicates(4L, T0.toString(), T0.toString()));
    };

    flusher.flushAll();

    assertThat(status.conflicts).isEqualTo(1);
    assertThat(status.count()).as("the other replica's 4 and this one's 1").isEqualTo(5);
    assertThat(status.current.getStorm().getCrossed()).containsExactly("count", "rate");
    assertThat(status.current.getStorm().getThreshold()).isEqualTo("rate");
    assertThat(escalated).as("only what this write recorded").containsExactly("crash-1:rate");
  }

  @Test
  void aCrossingWhoseWriteFailedStaysQueuedAndIsEscalatedByTheFlushThatRecordsIt() {
    flusher.count(stored(), T0);
    flusher.queueStorm("crash-1", RATE);
    status.failure = new RetryableException("API server unreachable");

    flusher.flushAll();

    assertThat(escalated).isEmpty();
    assertThat(flusher.queuedStorms()).isEqualTo(1);
    assertThat(flusher.pending()).isEqualTo(1);

    status.failure = null;
    flusher.flushAll();

    assertThat(escalated).containsExactly("crash-1:rate");
    assertThat(status.count()).isEqualTo(1);
    assertThat(status.current.getStorm().getWindow()).isEqualTo("5m");
  }

  @Test
  void aWriteThatLandedButWhoseAnswerWasLostIsNotCountedAgainWhenItsResendMeetsAConflict() {
    for (int i = 0; i < 3; i++) {
      flusher.count(stored(), T0.plusSeconds(i));
    }
    flusher.queueStorm("crash-1", COUNT);
    status.landsThenConflicts = true; // a 504 after the API server applied it; the client's resend gets a 409

    flusher.flushAll();

    assertThat(status.conflicts).isEqualTo(1);
    assertThat(status.count()).as("counted once").isEqualTo(3);
    assertThat(status.current.getStorm().getCrossed()).containsExactly("count");
    assertThat(escalated).as("the crossing that write recorded is escalated, once").containsExactly("crash-1:count");
    assertThat(flusher.pending()).isZero();
    assertThat(flusher.queuedStorms()).isZero();
  }

  /** Three duplicates and the count crossing, flushed by a write that lands but whose caller gets an error. */
  private void aWriteThatLandsButFails() {
    for (int i = 0; i < 3; i++) {
      flusher.count(stored(), T0.plusSeconds(i));
    }
    flusher.queueStorm("crash-1", COUNT);
    status.landsThenFails = new RetryableException("connection reset");
    flusher.flushAll();
    assertThat(status.count()).as("it landed").isEqualTo(3);
    assertThat(escalated).as("not known to have landed yet").isEmpty();
  }

  @Test
  void aWriteThatLandedButFailedIsNotCountedAgainByTheNextFlushAndItsCrossingIsEscalatedThen() {
    aWriteThatLandsButFails();

    flusher.count(stored(), T0.plusSeconds(5));
    flusher.count(stored(), T0.plusSeconds(6));
    flusher.flushAll();

    assertThat(status.count()).as("the three once, and the two since").isEqualTo(5);
    assertThat(escalated).containsExactly("crash-1:count");
    assertThat(flusher.pending()).isZero();

    flusher.flushAll();
    assertThat(escalated).hasSize(1);
  }

  /**
   * A write that landed but failed, then one that failed before it could read the status (the API server
   * unreachable): the second learnt nothing of the first, so both stay in doubt under their own numbers. The next
   * write finds the first noted, adds only the second's duplicates and its own, and escalates the crossing the first
   * recorded. Before, the second took over the first's number and batch: the first's duplicates were counted twice
   * and its crossing, recorded in status, never escalated.
   */
  @Test
  void twoFailedWritesInARowTheFirstOfWhichLandedCountEachDuplicateOnceAndEscalateItsCrossing() {
    aWriteThatLandsButFails();

    flusher.count(stored(), T0.plusSeconds(5));
    flusher.count(stored(), T0.plusSeconds(6));
    status.failure = new RetryableException("API server unreachable");
    flusher.flushAll();
    assertThat(status.count()).isEqualTo(3);
    assertThat(flusher.pending()).as("both writes in doubt").isEqualTo(5);

    status.failure = null;
    flusher.count(stored(), T0.plusSeconds(7));
    flusher.flushAll();

    assertThat(status.count()).as("three, two and one, each once").isEqualTo(6);
    assertThat(escalated).containsExactly("crash-1:count");
    assertThat(status.current.getStorm().getCrossed()).containsExactly("count");
    assertThat(flusher.pending()).isZero();
    flusher.flushAll();
    assertThat(escalated).hasSize(1);
    assertThat(status.count()).isEqualTo(6);
  }

  /** Two writes in a row that never landed: the next one adds both batches, once each. */
  @Test
  void twoFailedWritesInARowThatNeverLandedAreBothCountedByTheNextOne() {
    flusher.count(stored(), T0);
    status.failure = new RetryableException("connection refused");
    flusher.flushAll();
    flusher.count(stored(), T0.plusSeconds(1));
    flusher.count(stored(), T0.plusSeconds(2));
    flusher.flushAll();
    assertThat(flusher.pending()).isEqualTo(3);

    status.failure = null;
    flusher.flushAll();

    assertThat(status.count()).isEqualTo(3);
    assertThat(flusher.pending()).isZero();
  }

  /**
   * While writes fail, each flush rewrites what was set aside and fails again: that adds no doubt of its own (it
   * carried nothing new), so a long outage keeps one per failed write of counts, not one per second without end.
   */
  @Test
  void aLongOutageSetsAsideOneDoubtPerWriteOfCountsNotOnePerFlush() {
    flusher.count(stored(), T0);
    status.failure = new RetryableException("connection refused");
    for (int i = 0; i < 100; i++) {
      flusher.flushAll();
    }
    assertThat(flusher.doubtsOf("crash-1")).isEqualTo(1);
    flusher.count(stored(), T0.plusSeconds(1));
    flusher.flushAll();
    flusher.flushAll();
    assertThat(flusher.doubtsOf("crash-1")).as("one more write of counts failed").isEqualTo(2);

    status.failure = null;
    flusher.flushAll();
    assertThat(status.count()).isEqualTo(2);
    assertThat(flusher.pending()).isZero();
  }

  @Test
  void aWriteThatFailedWithoutLandingIsCountedByTheNextFlushAlongWithTheNewOnes() {
    flusher.count(stored(), T0);
    flusher.count(stored(), T0.plusSeconds(1));
    status.failure = new RetryableException("connection refused");
    flusher.flushAll();
    assertThat(status.count()).isZero();
    assertThat(flusher.pending()).isEqualTo(2);

    status.failure = null;
    flusher.count(stored(), T0.plusSeconds(2));
    flusher.flushAll();

    assertThat(status.count()).isEqualTo(3);
    assertThat(flusher.pending()).isZero();
  }

  @Test
  void aCrossingQueuedWithoutNewCountsIsWrittenAloneAndOneAlreadyRecordedWritesNothing() {
    flusher.queueStorm("crash-1", COUNT);
    flusher.flushAll();
    assertThat(status.writes).isEqualTo(1);
    assertThat(status.current.getDuplicates().getCount()).as("no count was added, only the write noted").isNull();
    assertThat(status.current.getDuplicates().getFlushedBy()).hasSize(1);
    assertThat(escalated).containsExactly("crash-1:count");

    flusher.queueStorm("crash-1", COUNT); // e.g. a cache the watch had not refreshed yet
    flusher.flushAll();
    assertThat(status.writes).isEqualTo(1);
    assertThat(escalated).hasSize(1);
  }

  @Test
  void aClosedFlusherTriesOnceMoreThenNamesWhatItCouldNotWriteOnceAndWritesNothingAgain() throws Exception {
    DuplicateFlusher quick = new DuplicateFlusher(status, (ar, crossing) -> escalated.add(ar.name()), Duration.ofMillis(20));
    status.failure = new RetryableException("Client is closed");
    quick.count(stored(), T0);
    quick.count(stored(), T0.plusSeconds(1));
    quick.queueStorm("crash-1", COUNT);
    Logger logger = (Logger) LoggerFactory.getLogger(DuplicateFlusher.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      int before = status.attempts;
      quick.close();
      int atClose = status.attempts;
      Thread.sleep(300); // fifteen intervals
      quick.flushAll();
      quick.close();

      assertThat(atClose).as("the closing flush tried").isGreaterThan(before);
      assertThat(status.attempts).as("and nothing after it").isEqualTo(atClose);
      assertThat(quick.pending()).isZero();
      assertThat(quick.queuedStorms()).isZero();
      assertThat(log.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage))
          .singleElement().asString()
          .contains("2 duplicate(s) and 1 storm crossing(s) to AlertRemediation crash-1 (Client is closed)");
      assertThat(escalated).isEmpty();
    } finally {
      logger.detachAppender(log);
    }
  }

  @Test
  void recordStormsKeepsTheOrderOfCrossingAndShowsTheLastWithEveryThresholdCrossed() {
    AlertRemediationStatus empty = new AlertRemediationStatus();
    StormCrossing later = new StormCrossing(StormThreshold.COUNT, 5, 5, Duration.ZERO, T0.plusSeconds(1));

    GatewayStatus.StormRecord record = GatewayStatus.recordStorms(empty, List.of(later, RATE));

    assertThat(record.recorded()).containsExactly(RATE, later);
    assertThat(record.storm().getThreshold()).isEqualTo("count");
    assertThat(record.storm().getCrossed()).containsExactly("rate", "count");
    assertThat(record.storm().getEscalatedAt()).isEqualTo(T0.plusSeconds(1).toString());
    assertThat(GatewayStatus.recordStorms(empty, List.of()).storm()).isNull();
  }
}

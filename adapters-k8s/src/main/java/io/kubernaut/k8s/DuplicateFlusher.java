package io.kubernaut.k8s;

import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.ports.in.EscalateStorm;
import io.kubernaut.ports.remediation.DuplicateCount;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.remediation.StormCrossing;
import io.kubernaut.ports.remediation.StormThreshold;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts duplicates in memory and writes them to status by group commit: once per interval, every
 * remediation with duplicates counted since its last write gets one status write that adds them
 * (count, last-seen time, recent arrival times) to whatever the status holds then. The write is the
 * store's resourceVersion-guarded read-modify-write, so a concurrent writer (the pipeline, another
 * replica's flusher) costs a 409 and a re-read, and its changes and counts stay.
 *
 * <p>Storm crossings queued by the intake ride the same write: it records those the status does not
 * hold yet ({@link GatewayStatus#recordStorms}), and the crossings a successful write recorded, and only
 * those, are escalated. Two replicas racing on one threshold both compute from the version they read;
 * one write lands, the other gets a 409, re-reads, finds the threshold recorded and writes only its
 * counts: one record, one escalation.
 *
 * <p>Each write also notes its number under this process's id ({@code duplicates.flushedBy}), so a
 * write whose outcome is unknown is never counted twice: one that landed but whose answer was lost
 * (a 5xx or a reset connection after the API server applied it) is sent again by the client and
 * meets a 409, and the fresh status then shows the note (nothing more is added, and the crossings
 * it recorded are escalated); one that failed keeps its batch aside, and the next write adds it
 * only if the status does not show that write's note. Failed writes whose outcome is still unknown
 * stay aside each with its own number (a write that failed before it could read the status learns
 * nothing of the ones before it): a landed write either carried every earlier one it did not find
 * noted, or found it noted, so a note at or past a write's number means its batch is in status.
 *
 * <p>A crash loses at most the duplicates counted since the last flush, never an alert: a duplicate
 * is only answered once its remediation exists. A graceful stop ({@link #close()}) flushes what is
 * left. A flush that fails (API server unreachable, too many conflicts) keeps its batch for the
 * next one, so while the API server does not answer, the counts since the outage began are in
 * memory only. Once closed the flusher writes nothing more: what the closing flush could not write
 * is named once in the log and dropped (the counts of one interval, as a crash loses).
 */
final class DuplicateFlusher implements AutoCloseable {

  /** How often counted duplicates are written: at most once per interval per remediation. */
  static final Duration INTERVAL = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(DuplicateFlusher.class);

  /**
   * Writes gateway status fields on a remediation and answers it as written; empty when it no longer
   * exists or there was nothing to write.
   */
  @FunctionalInterface
  interface StatusWriter {
    Optional<RemediationSummary> write(String name, GatewayStatus.Change change);
  }

  /**
   * What this process counted on one remediation and has not seen in status yet.
   *
   * @param unsent counted since the last flush began
   * @param sending the batch a flush is writing now
   * @param sendingTotal the stored count that write sets, once computed (0 before): a status whose count
   *     reaches it already holds {@code sending}
   * @param written the count this process last wrote: counts only grow, so a remediation read before
   *     that write (a cache the watch has not refreshed yet) is known to hold at least as many
   * @param storms the storm crossings queued and not yet known to be written, one per threshold
   * @param doubts what the failed writes carried whose outcome is unknown, each with its number and the
   *     crossings it would have recorded, oldest first: the next write finds out from status which landed
   * @param recorded crossings a write of this process is known to have recorded, not escalated yet
   */
  private record Tally(DuplicateBatch unsent, DuplicateBatch sending, long sendingTotal, long written,
      Map<StormThreshold, StormCrossing> storms, List<Doubt> doubts, List<StormCrossing> recorded) {
    static final Tally EMPTY = new Tally(DuplicateBatch.EMPTY, DuplicateBatch.EMPTY, 0, 0, Map.of(), List.of(),
        List.of());

    Tally {
      storms = Map.copyOf(storms);
      doubts = List.copyOf(doubts);
      recorded = List.copyOf(recorded);
    }

    boolean isEmpty() {
      return unsent.isEmpty() && sending.isEmpty() && storms.isEmpty() && doubts.isEmpty() && recorded.isEmpty();
    }

    Tally withUnsent(DuplicateBatch batch) {
      return new Tally(batch, sending, sendingTotal, written, storms, doubts, recorded);
    }

    Tally withStorms(Map<StormThreshold, StormCrossing> queued) {
      return new Tally(unsent, sending, sendingTotal, written, queued, doubts, recorded);
    }

    /** The duplicates of every write whose outcome is unknown. */
    DuplicateBatch doubted() {
      return Doubt.batchOf(doubts);
    }
  }

  /** A write whose outcome is unknown: its duplicates, its number, and the crossings it would have recorded. */
  private record Doubt(DuplicateBatch batch, long flush, List<StormCrossing> storms) {
    Doubt {
      storms = List.copyOf(storms);
    }

    /** Whether a status whose note of this process is {@code noted} holds this write's duplicates. */
    boolean landed(long noted) {
      return noted >= flush;
    }

    static DuplicateBatch batchOf(List<Doubt> doubts) {
      DuplicateBatch all = DuplicateBatch.EMPTY;
      for (Doubt d : doubts) {
        all = all.plus(d.batch());
      }
      return all;
    }
  }

  /** How many remediations are written at once during a flush. */
  static final int WRITERS = 8;

  private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
  private final StatusWriter writer;
  private final EscalateStorm storms;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService writers;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** This process's id in {@code duplicates.flushedBy}, and the number of its last write. */
  private final String writerId = java.util.UUID.randomUUID().toString().substring(0, 8);
  private final java.util.concurrent.atomic.AtomicLong flushes = new java.util.concurrent.atomic.AtomicLong();
  /** Set for the flush {@link #close()} makes: nothing is retried after it. */
  private volatile boolean lastFlush;

  /** @param storms escalates each storm crossing a write of this flusher recorded */
  DuplicateFlusher(StatusWriter writer, EscalateStorm storms, Duration interval) {
    this.writer = writer;
    this.storms = storms;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kubernaut-duplicate-flusher");
      t.setDaemon(true);
      return t;
    });
    this.writers = Executors.newFixedThreadPool(WRITERS, r -> {
      Thread t = new Thread(r, "kubernaut-duplicate-writer");
      t.setDaemon(true);
      return t;
    });
    long millis = Math.max(1, interval.toMillis());
    // At a fixed rate, not after a fixed delay: a duplicate counted as a flush begins waits for that flush to end
    // and then the interval, not the interval plus another whole flush (a flush that outlasts the interval is
    // followed at once by the next, never overlapped, so a remediation is still written at most once per interval).
    scheduler.scheduleAtFixedRate(this::flushAllQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Counts one duplicate that arrived at {@code at} on the remediation {@code stored} describes and
   * answers it with every count this process knows of: the stored ones and those not flushed yet.
   */
  RemediationSummary count(RemediationSummary stored, Instant at) {
    Tally tally = tallies.compute(stored.name(), (name, current) -> {
      Tally t = current == null ? Tally.EMPTY : current;
      return t.withUnsent(t.unsent().plus(at));
    });
    return withPending(stored, tally);
  }

  /**
   * Queues a storm crossing on the remediation {@code name}, to be recorded with its next write; answers
   * whether it was queued now ({@code false} when its threshold is queued already).
   */
  boolean queueStorm(String name, StormCrossing crossing) {
    boolean[] queued = {false};
    tallies.compute(name, (k, current) -> {
      Tally t = current == null ? Tally.EMPTY : current;
      if (t.storms().containsKey(crossing.threshold())) {
        return t;
      }
      Map<StormThreshold, StormCrossing> more = new EnumMap<>(StormThreshold.class);
      more.putAll(t.storms());
      more.put(crossing.threshold(), crossing);
      queued[0] = true;
      return t.withStorms(more);
    });
    return queued[0];
  }

  /** Storm crossings queued here and not yet written, over every remediation. */
  long queuedStorms() {
    return tallies.values().stream().mapToLong(t -> t.storms().size()).sum();
  }

  /** Duplicates counted here and not yet flushed, over every remediation. */
  long pending() {
    return tallies.values().stream().mapToLong(t -> t.unsent().count() + t.sending().count() + t.doubted().count())
        .sum();
  }

  /** The failed writes of a remediation set aside, not known to have landed (for tests). */
  int doubtsOf(String name) {
    Tally t = tallies.get(name);
    return t == null ? 0 : t.doubts().size();
  }

  private static RemediationSummary withPending(RemediationSummary stored, Tally tally) {
    long count = Math.max(stored.duplicates().count(), tally.written());
    boolean landed = tally.sendingTotal() > 0 && count >= tally.sendingTotal();
    DuplicateBatch pending = (landed ? tally.unsent() : tally.sending().plus(tally.unsent())).plus(tally.doubted());
    DuplicateCount d = stored.duplicates();
    Instant last = pending.last() != null && pending.last().isAfter(d.lastSeen()) ? pending.last() : d.lastSeen();
    return new RemediationSummary(stored.name(), stored.fingerprint(), stored.phase(), stored.target(),
        new DuplicateCount(count + pending.count(), d.firstSeen(), last), stored.createdAt(), stored.environment(),
        DuplicateBatch.mergeTimes(stored.recentDuplicates(), pending.latest()), stored.stormsRecorded(),
        stored.blockedUntil(), stored.resolvedAlerts());
  }

  private void flushAllQuietly() {
    try {
      flushAll();
    } catch (RuntimeException e) {
      LOG.warn("Flushing duplicate counts failed; they stay for the next flush", e);
    }
  }

  /**
   * Writes every remediation's unsent duplicates now, one status write each, {@value #WRITERS} at a
   * time; returns when all are written (or put back). One flush at a time, so a remediation is never
   * written by two flushes at once.
   */
  synchronized void flushAll() {
    if (writers.isShutdown()) {
      return; // closed: the closing flush was the last
    }
    List<Future<?>> writes = new ArrayList<>();
    for (String name : List.copyOf(tallies.keySet())) {
      writes.add(writers.submit(() -> flush(name)));
    }
    for (Future<?> write : writes) {
      try {
        write.get();
      } catch (ExecutionException e) {
        LOG.warn("A duplicate flush failed; its counts stay for the next one", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void flush(String name) {
    Tally started = tallies.computeIfPresent(name, (k, t) -> t.unsent().isEmpty() ? t
        : new Tally(DuplicateBatch.EMPTY, t.sending().plus(t.unsent()), 0, t.written(), t.storms(), t.doubts(),
            t.recorded()));
    if (started == null || (started.sending().isEmpty() && started.storms().isEmpty() && started.doubts().isEmpty()
        && started.recorded().isEmpty())) {
      // Idle for a whole interval since its last write: the watch has long shown that write.
      tallies.computeIfPresent(name, (k, t) -> t.isEmpty() ? null : t);
      return;
    }
    long flush = flushes.incrementAndGet();
    DuplicateBatch batch = started.sending();
    List<Doubt> doubts = started.doubts();
    List<StormCrossing> queued = List.copyOf(started.storms().values());
    // The crossings the last computed write records; the write is recomputed after each 409.
    AtomicReference<List<StormCrossing>> recording = new AtomicReference<>(List.of());
    // This process's note in the status last read (-1: none read), which tells which earlier failed writes landed.
    java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong(-1);
    Optional<RemediationSummary> written = Optional.empty();
    boolean done = false;
    try {
      written = writer.write(name, status -> {
        long noted = GatewayStatus.flushedBy(status, writerId);
        if (noted >= flush) {
          // This very write landed: its answer was lost, the client sent it again and met a 409. Nothing more to
          // add; noting it again answers the remediation, for the crossings that write recorded. Which earlier writes
          // had landed, the status it read first told.
          return Optional.of(GatewayStatus.addDuplicates(status, DuplicateBatch.EMPTY, writerId, flush));
        }
        seen.set(noted);
        DuplicateBatch adding = batch.plus(Doubt.batchOf(doubts.stream().filter(d -> !d.landed(noted)).toList()));
        long total = stored(status) + adding.count();
        if (!adding.isEmpty()) {
          tallies.computeIfPresent(name, (k, t) -> new Tally(t.unsent(), t.sending(), total, t.written(), t.storms(),
              t.doubts(), t.recorded()));
        }
        GatewayStatus.StormRecord storm = GatewayStatus.recordStorms(status, queued);
        recording.set(storm.recorded());
        if (adding.isEmpty() && storm.storm() == null && started.recorded().isEmpty()
            && doubts.stream().noneMatch(d -> d.landed(noted) && !d.storms().isEmpty())) {
          return Optional.empty();
        }
        Map<String, Object> fields = new LinkedHashMap<>(GatewayStatus.addDuplicates(status, adding, writerId, flush));
        if (storm.storm() != null) {
          fields.put("storm", storm.storm());
        }
        return Optional.of(fields);
      });
      done = true; // or the remediation is gone, and its counts with it
    } catch (RuntimeException e) {
      if (lastFlush) {
        LOG.error("Could not write {} duplicate(s) and {} storm crossing(s) to AlertRemediation {} ({}) as the flusher "
            + "stops; its status does not count them", batch.count() + Doubt.batchOf(doubts).count(), queued.size(), name,
            e.getMessage());
      } else {
        LOG.warn("Could not write {} duplicate(s) and {} storm crossing(s) to AlertRemediation {} ({}); the next flush "
            + "writes them unless this write landed", batch.count() + Doubt.batchOf(doubts).count(), queued.size(), name,
            e.getMessage());
      }
    } finally {
      boolean landed = done;
      long noted = seen.get();
      List<StormCrossing> attempted = recording.get();
      tallies.computeIfPresent(name, (k, t) -> {
        if (landed) {
          return new Tally(t.unsent(), DuplicateBatch.EMPTY, 0, Math.max(t.written(), t.sendingTotal()),
              without(t.storms(), queued), List.of(), List.of());
        }
        // Unknown outcome: this write's batch goes aside under its number, after the earlier ones not known to have
        // landed (a write that read no status learnt nothing of them); the crossings of those that landed are known.
        List<Doubt> aside = new ArrayList<>();
        List<StormCrossing> known = new ArrayList<>(t.recorded());
        for (Doubt d : t.doubts()) {
          if (d.landed(noted)) {
            known.addAll(d.storms());
          } else {
            aside.add(d);
          }
        }
        if (!t.sending().isEmpty() || !attempted.isEmpty()) {
          // A write that carried nothing of its own (it rewrote only doubts set aside before) adds no doubt: during a
          // long outage one was added a second, without end.
          aside.add(new Doubt(t.sending(), flush, attempted));
        }
        return new Tally(t.unsent(), DuplicateBatch.EMPTY, 0, t.written(), t.storms(), aside, known);
      });
    }
    if (written.isPresent()) {
      RemediationSummary recorded = written.get();
      List<StormCrossing> escalating = new ArrayList<>(started.recorded());
      long noted = seen.get();
      doubts.stream().filter(d -> d.landed(noted)).forEach(d -> escalating.addAll(d.storms()));
      escalating.addAll(recording.get());
      escalating.forEach(crossing -> escalate(recorded, crossing));
    }
  }

  private static Map<StormThreshold, StormCrossing> without(Map<StormThreshold, StormCrossing> storms,
      List<StormCrossing> written) {
    Map<StormThreshold, StormCrossing> left = new EnumMap<>(StormThreshold.class);
    left.putAll(storms);
    written.forEach(c -> left.remove(c.threshold(), c));
    return left;
  }

  /** Escalates a crossing this process's write recorded; it stays recorded in status whatever the escalation does. */
  private void escalate(RemediationSummary recorded, StormCrossing crossing) {
    try {
      storms.escalate(recorded, crossing);
      LOG.info("Recorded and escalated the {} storm on AlertRemediation {} ({} duplicates, threshold {})",
          crossing.threshold().wireName(), recorded.name(), crossing.count(), crossing.limit());
    } catch (RuntimeException e) {
      LOG.error("The {} storm recorded on AlertRemediation {} could not be escalated", crossing.threshold().wireName(),
          recorded.name(), e);
    }
  }

  private static long stored(AlertRemediationStatus status) {
    return status.getDuplicates() == null || status.getDuplicates().getCount() == null
        ? 0 : status.getDuplicates().getCount();
  }

  /**
   * Stops the schedule and flushes what is left, once (a graceful stop loses no count while the API
   * server answers); what that flush could not write is logged and dropped, and nothing is retried.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("The duplicate flusher did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lastFlush = true;
    flushAllQuietly();
    writers.shutdown();
    tallies.clear();
  }
}

package io.kubernaut.db;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.failure.Backoff;
import io.kubernaut.ports.out.AuditTrail;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail in PostgreSQL: a bounded queue in front of one writer thread that writes
 * batches in single transactions, retrying with exponential backoff while the database is down.
 * It tells {@link #whenWritable} listeners when the store is reached at start and when it is
 * writable again after a gap, probing an idle database with the same backoff.
 * See {@code adapters-db/DESIGN.md} and the contract on {@link AuditTrail}.
 */
final class JdbcAuditTrail implements AuditTrail, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditTrail.class);
  private static final String FINAL_RECORD =
      "SELECT 1 FROM audit_event WHERE remediation_id = ? AND type = 'REMEDIATION_FINAL' LIMIT 1";

  private static final String STORED = "SELECT idempotency_key FROM audit_event WHERE idempotency_key = ANY(?)";

  private final Database database;
  private final AuditBatchWriter writer;
  private final AuditTrailSettings settings;
  private final BlockingQueue<AuditEvent> queue;
  private final Backoff backoff;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;
  private volatile boolean running = true;
  private boolean failing;
  /** Failed attempts since the last success: the next pause is the backoff after one more. */
  private volatile int consecutiveFailures;
  private final List<Runnable> writableListeners = new CopyOnWriteArrayList<>();
  /**
   * Whether events may have been lost since the listeners last ran: true from the start (a crashed
   * predecessor's queue), after a failed write and after a refused event.
   */
  private volatile boolean gap = true;
  private long nextProbeNanos = System.nanoTime();
  private int failedProbes;
  /**
   * Whether a read found the database unreachable and no write or probe has reached it since: reads
   * are then answered at once as the port says for an outage (not persisted, none stored) instead of
   * each waiting out the pool's connection timeout on its caller's thread (a reconcile thread), and
   * the writer probes the database with its backoff until it answers.
   */
  private volatile boolean unreachable;

  private JdbcAuditTrail(Database database, AuditTrailSettings settings) {
    this.database = database;
    this.writer = new AuditBatchWriter(database);
    this.settings = settings;
    this.queue = new ArrayBlockingQueue<>(settings.capacity());
    this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
    this.thread = new Thread(this::drain, "kubernaut-audit-writer");
    this.thread.setDaemon(true);
  }

  /** A started trail whose writer is flushed when the database closes. */
  static JdbcAuditTrail start(Database database, AuditTrailSettings settings) {
    JdbcAuditTrail trail = new JdbcAuditTrail(database, settings);
    trail.thread.start();
    database.beforeClose(trail::close);
    return trail;
  }

  /**
   * As the port says. With no database configured (cluster mode without {@code KUBERNAUT_DB_URL}) there is no store
   * to write to: the event is discarded at once and answered as taken, so that nothing waits for it and the queue does
   * not fill with events that can never be written; {@code /readyz} and the start's log say the trail is unavailable.
   */
  @Override
  public RecordResult record(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    if (database.unconfigured()) {
      return RecordResult.QUEUED;
    }
    pending.incrementAndGet();
    if (running && queue.offer(event)) {
      return RecordResult.QUEUED;
    }
    pending.decrementAndGet();
    gap = true;
    LOG.warn("The audit queue is full ({} events) or closed; event {} was not taken and must be recorded again"
        + " from the custom-resource status.", settings.capacity(), event.idempotencyKey());
    return RecordResult.BACKPRESSURE;
  }

  /**
   * As the port says; false at once, without a connection, while the writer's last attempt failed
   * or a read found the database unreachable and nothing has reached it since ({@link #outage}).
   */
  @Override
  public boolean isFinalRecordPersisted(String remediationId) {
    if (outage()) {
      return false;
    }
    try (Connection c = database.connect();
        PreparedStatement ps = Sql.prepare(c, FINAL_RECORD, remediationId);
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    } catch (SQLException e) {
      readFailed(e);
      LOG.debug("Cannot tell whether {} has its final audit record yet: {}", remediationId, e.getMessage());
      return false;
    }
  }

  /** Whether the database is known to be unreachable now: reads are not tried (the port's outage answers). */
  boolean outage() {
    return unreachable || consecutiveFailures > 0;
  }

  /**
   * A read that could not reach the database (no connection: SQLSTATE class 08, or a transient or recoverable
   * failure, the pool's timeout among them) marks it unreachable until a write or probe reaches it; any other
   * failure was an answer.
   */
  private void readFailed(SQLException e) {
    if (SqlFailures.isConnectionFailure(e)) {
      unreachable = true;
    }
  }

  /** As the port says: one query by the key's unique index; empty (all to be recorded) while the database cannot be asked. */
  @Override
  public Set<String> stored(Collection<String> idempotencyKeys) {
    return findStored(idempotencyKeys).orElse(Set.of());
  }

  @Override
  public java.util.Optional<Set<String>> findStored(Collection<String> idempotencyKeys) {
    if (database.unconfigured() || outage()) {
      return java.util.Optional.empty();
    }
    if (idempotencyKeys.isEmpty()) {
      return java.util.Optional.of(Set.of());
    }
    try (Connection c = database.connect();
        PreparedStatement ps = c.prepareStatement(STORED)) {
      ps.setArray(1, c.createArrayOf("varchar", idempotencyKeys.toArray()));
      Set<String> stored = new HashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.add(rs.getString(1));
        }
      }
      return java.util.Optional.of(stored);
    } catch (SQLException e) {
      readFailed(e);
      LOG.debug("Cannot tell which of {} audit events are stored ({})", idempotencyKeys.size(), e.getMessage());
      return java.util.Optional.empty();
    }
  }

  /** As the port says; a listener added after the store was reached (and no gap since) runs at once. */
  @Override
  public void whenWritable(Runnable listener) {
    writableListeners.add(Objects.requireNonNull(listener, "listener"));
    if (!gap) {
      listener.run();
    }
  }

  @Override
  public boolean configured() {
    return !database.unconfigured();
  }

  @Override
  public boolean storing() {
    return database.started() && consecutiveFailures == 0;
  }

  @Override
  public int backlog() { return pending.get(); }

  @Override
  public long written() { return written.get(); }

  @Override
  public long failedAttempts() { return failedAttempts.get(); }

  @Override
  public long rejected() { return rejected.get(); }

  /** Failed write attempts since the last success; 0 while the database is fine. */
  int consecutiveFailures() { return consecutiveFailures; }

  /** Stops taking events and waits (bounded) for the queue to drain. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    running = false;
    try {
      thread.join(settings.closeTimeout().toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The writer thread: takes up to a batch, writes it (retrying), repeats until closed and empty. */
  private void drain() {
    List<AuditEvent> batch = new ArrayList<>(settings.batchSize());
    try {
      while (running || !queue.isEmpty()) {
        AuditEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, settings.batchSize() - 1);
          writeWithRetry(batch);
          batch.clear();
          if (gap && queue.isEmpty()) {
            writable();
          }
        } else if ((gap || unreachable) && running) {
          probe();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (pending.get() > 0) {
      LOG.warn("The audit writer stopped with {} events unwritten; reconcilers re-derive them from"
          + " custom-resource status after the restart.", pending.get());
    }
  }

  /** Writes the batch, retrying transient failures until it succeeds or the writer is interrupted. */
  private void writeWithRetry(List<AuditEvent> batch) throws InterruptedException {
    while (true) {
      try {
        int fresh = writer.write(batch);
        pending.addAndGet(-batch.size());
        written.addAndGet(batch.size());
        recovered();
        LOG.debug("Wrote {} audit events, {} of them new.", batch.size(), fresh);
        return;
      } catch (SQLException e) {
        if (SqlFailures.isDataRejection(e)) {
          recovered(); // The database answered: it is reachable, whatever it made of this batch.
          isolate(batch, e);
          return;
        }
        failedAttempts.incrementAndGet();
        gap = true;
        long delay = backoff.after(++consecutiveFailures).toMillis();
        logFailure(e, delay);
        Thread.sleep(delay);
      } catch (RuntimeException e) {
        isolate(batch, e);
        return;
      }
    }
  }

  /**
   * While a gap is open, or a read found the database unreachable, and nothing is queued, asks the
   * database whether it answers (at most once per backoff pause); when it does, reads are tried again
   * and the gap closes.
   */
  private void probe() {
    long now = System.nanoTime();
    if (now - nextProbeNanos < 0) {
      return;
    }
    try (Connection c = database.connect()) {
      if (c.isValid(2)) {
        failedProbes = 0;
        unreachable = false;
        if (gap) {
          writable();
        }
        return;
      }
    } catch (SQLException e) {
      LOG.debug("The audit database does not answer yet: {}", e.getMessage());
    }
    nextProbeNanos = now + backoff.after(++failedProbes).toNanos();
  }

  /** Closes the gap and tells the listeners, each failure of one logged and contained. */
  private void writable() {
    gap = false;
    LOG.info("The audit database is writable; {} listener(s) re-project what status records.",
        writableListeners.size());
    for (Runnable listener : writableListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.error("A listener of the audit trail's writability failed: {}", e.getMessage(), e);
      }
    }
  }

  /** Writes a refused batch one event at a time, so one malformed event cannot hold back the rest. */
  private void isolate(List<AuditEvent> batch, Exception cause) throws InterruptedException {
    if (batch.size() > 1) {
      for (AuditEvent e : batch) {
        writeWithRetry(List.of(e));
      }
      return;
    }
    pending.decrementAndGet();
    rejected.incrementAndGet();
    LOG.error("Gave up on audit event {} of {}: the database refuses it permanently ({}).",
        batch.get(0).idempotencyKey(), batch.get(0).remediationId(), cause.getMessage());
  }

  /** Warns once when writes start failing; the repeats of the same outage are debug. */
  private void logFailure(SQLException e, long delay) {
    if (failing) {
      LOG.debug("Audit write still failing ({}); next attempt in {} ms.", e.getMessage(), delay);
      return;
    }
    failing = true;
    LOG.warn("Could not write audit events: {}. Retrying with backoff; {} events are queued.", e.getMessage(),
        pending.get());
  }

  private void recovered() {
    if (failing) {
      LOG.info("Audit writes succeed again after {} failed attempts in total.", failedAttempts.get());
      failing = false;
    }
    consecutiveFailures = 0;
    unreachable = false;
  }
}

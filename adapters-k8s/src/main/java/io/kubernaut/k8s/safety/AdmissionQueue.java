package io.kubernaut.k8s.safety;

import io.kubernaut.k8s.safety.DisruptionLedger.Counted;
import io.kubernaut.k8s.safety.DisruptionLedger.Reservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The admissions of one namespace waiting for the disruption ledger's next write (group commit).
 * An admission joins the queue and waits for the write lock; whoever holds it takes every
 * admission waiting at that moment as one batch and commits it, so while one batch is being
 * written the next one gathers, and a replica makes one ledger write per batch instead of one per
 * workflow. An admission already answered by an earlier batch returns as soon as it gets the lock.
 */
final class AdmissionQueue {

  private final ReentrantLock writing = new ReentrantLock();
  private final Queue<Admission<?>> waiting = new ConcurrentLinkedQueue<>();

  /** Queues {@code admission} and returns once a batch holding it has been committed, on this thread or another. */
  void await(Admission<?> admission, Consumer<List<Admission<?>>> commit) {
    waiting.add(admission);
    writing.lock();
    try {
      if (admission.answered) {
        return;
      }
      List<Admission<?>> batch = new ArrayList<>();
      for (Admission<?> next = waiting.poll(); next != null; next = waiting.poll()) {
        batch.add(next);
      }
      try {
        commit.accept(batch);
      } catch (RuntimeException e) {
        batch.forEach(a -> a.fail(e));
      }
      batch.forEach(a -> a.answered = true);
    } finally {
      writing.unlock();
    }
  }

  /** How many admissions wait for the write lock (for tests). */
  int waiting() {
    return waiting.size();
  }

  /**
   * One workflow's request: the reservations it wants and the check that decides it on what is
   * counted; or one rollback's (its hold on its node). Its state is written and read under the
   * queue's write lock.
   */
  static final class Admission<D> {

    private final String workflow;
    private final String rollback;
    private final List<Reservation> wanted;
    private final Function<Counted, Optional<D>> check;
    private Optional<D> denial;
    private RuntimeException failure;
    private boolean answered;

    /**
     * @param rollback the rollback execution that asks (it is counted without itself, and its hold
     *     replaces only its own), or null for a workflow's admission (counted without the workflow's
     *     earlier reservations, which its own replace)
     */
    Admission(String workflow, String rollback, List<Reservation> wanted, Function<Counted, Optional<D>> check) {
      this.workflow = workflow;
      this.rollback = rollback;
      this.wanted = wanted;
      this.check = check;
    }

    String workflow() {
      return workflow;
    }

    /** The rollback execution that asks, or null for a workflow's admission. */
    String rollback() {
      return rollback;
    }

    /** Whether the check found something to deny (not a failure of the check itself). */
    boolean denied() {
      return denial != null && denial.isPresent();
    }

    /** Whether {@code r} is one this admission's reservations replace. */
    boolean replaces(Reservation r) {
      return rollback == null ? workflow.equals(r.workflow()) && !r.rollback() : rollback.equals(r.execution());
    }

    List<Reservation> wanted() {
      return wanted;
    }

    /** Runs the check on {@code counted} (again, after a conflict); whether it admits. */
    boolean decide(Counted counted) {
      failure = null;
      try {
        denial = check.apply(counted);
        return denial.isEmpty();
      } catch (RuntimeException e) {
        denial = null;
        failure = e;
        return false;
      }
    }

    /** Answers with {@code e} instead of the decision. */
    void fail(RuntimeException e) {
      failure = e;
    }

    /** The denial, empty when admitted; the failure is thrown. */
    Optional<D> answer() {
      if (failure != null) {
        throw failure;
      }
      if (!answered || denial == null) {
        throw new IllegalStateException("The admission of " + workflow + " was not decided");
      }
      return denial;
    }
  }
}

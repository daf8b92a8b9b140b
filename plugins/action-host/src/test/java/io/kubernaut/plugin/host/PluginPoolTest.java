package io.kubernaut.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.action.ActionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PluginPoolTest {

  @Test
  void aCallThatFindsEveryThreadBusyAndTheQueueFullIsNotStartedAndSaysSoAtOnce() throws Exception {
    PluginPool pool = new PluginPool("plugin slow", "test-slow-", 1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    Instant deadline = Instant.now().plusSeconds(60);
    List<CompletableFuture<ActionOutcome>> admitted = new ArrayList<>();
    for (int i = 0; i < 5; i++) { // one thread and a queue of four
      admitted.add(CompletableFuture.supplyAsync(() -> pool.call("execute of slow_action", deadline, () -> {
        ran.incrementAndGet();
        release.await(30, TimeUnit.SECONDS);
        return ActionOutcome.of(ActionStatus.SUCCEEDED, "Done.");
      })));
    }
    long waitUntil = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (pool.queued() < 4 && System.nanoTime() < waitUntil) {
      Thread.sleep(10);
    }
    assertThat(pool.queued()).isEqualTo(4);
    assertThat(pool.hasRoom()).as("its one thread busy and its queue full").isFalse();

    long start = System.nanoTime();
    ActionOutcome turnedAway = pool.call("execute of slow_action on Deployment shop/api", deadline, () -> {
      ran.incrementAndGet();
      return ActionOutcome.of(ActionStatus.SUCCEEDED, "Should not run.");
    });
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(turnedAway.status()).isEqualTo(ActionStatus.NOT_STARTED);
    assertThat(turnedAway.status().mayRetry()).isTrue();
    assertThat(turnedAway.message()).isEqualTo("The execute of slow_action on Deployment shop/api was not started: "
        + "all 1 threads of plugin slow are busy and its queue is full.");
    assertThat(took).as("it does not wait for a thread").isLessThan(Duration.ofSeconds(5));
    release.countDown();
    for (CompletableFuture<ActionOutcome> call : admitted) {
      assertThat(call.get(30, TimeUnit.SECONDS).status()).isEqualTo(ActionStatus.SUCCEEDED);
    }
    assertThat(ran).as("the five admitted calls ran, the one turned away never did").hasValue(5);
    assertThat(pool.hasRoom()).isTrue();
  }

  @Test
  void aQueuedCallThatGetsNoThreadBeforeItsDeadlineIsNotStartedAndNeverRunsLater() throws Exception {
    PluginPool pool = new PluginPool("plugin slow", "test-slow-", 1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    CompletableFuture<ActionOutcome> holder = CompletableFuture.supplyAsync(() -> pool.call("execute of slow_action",
        Instant.now().plusSeconds(60), () -> {
          ran.incrementAndGet();
          release.await(30, TimeUnit.SECONDS);
          return ActionOutcome.of(ActionStatus.SUCCEEDED, "Done.");
        }));
    long waitUntil = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (ran.get() == 0 && System.nanoTime() < waitUntil) {
      Thread.sleep(10);
    }

    ActionOutcome starved = pool.call("execute of slow_action", Instant.now().plusMillis(300), () -> {
      ran.incrementAndGet();
      return ActionOutcome.of(ActionStatus.SUCCEEDED, "Should not run.");
    });
    release.countDown();

    assertThat(starved.status()).isEqualTo(ActionStatus.NOT_STARTED);
    assertThat(starved.message()).contains("got no thread of plugin slow").endsWith("It was not started.");
    assertThat(holder.get(30, TimeUnit.SECONDS).status()).isEqualTo(ActionStatus.SUCCEEDED);
    Thread.sleep(200); // the abandoned task, now at the head of the queue, finds itself abandoned
    assertThat(ran).as("the abandoned call never runs once a thread frees up").hasValue(1);
    assertThat(pool.queued()).isZero();
  }

  @Test
  void aFullPoolSaysSoFromTheMomentItFillsNotOnlyOnceItsThreadsHaveStarted() throws Exception {
    // The executor's active count counts a thread just started as idle until it takes its first call: a pool that
    // had just filled could say it had room a moment later (PluginActionRunnerTest failed in CI on that).
    for (int round = 0; round < 20; round++) {
      PluginPool pool = new PluginPool("plugin slow", "test-full-" + round + "-", 2);
      CountDownLatch release = new CountDownLatch(1);
      Instant deadline = Instant.now().plusSeconds(60);
      List<CompletableFuture<ActionOutcome>> calls = new ArrayList<>();
      // All callers at once, so that the pool fills before its threads have run (as on a loaded host).
      java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(PluginPool.mostCalls(2));
      java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(PluginPool.mostCalls(2));
      try {
        for (int i = 0; i < PluginPool.mostCalls(2); i++) {
          calls.add(CompletableFuture.supplyAsync(() -> {
            try {
              together.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            return pool.call("execute of slow_action", deadline, () -> {
              release.await(30, TimeUnit.SECONDS);
              return ActionOutcome.of(ActionStatus.SUCCEEDED, "Done.");
            });
          }, callers));
        }
        long waitUntil = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (pool.hasRoom() && System.nanoTime() < waitUntil) {
          Thread.onSpinWait();
        }
        int roomy = 0;
        for (int look = 0; look < 20_000; look++) {
          roomy += pool.hasRoom() ? 1 : 0;
        }
        assertThat(roomy).as("round %d: looks that found room in a full pool", round).isZero();
        release.countDown();
        for (CompletableFuture<ActionOutcome> call : calls) {
          assertThat(call.get(30, TimeUnit.SECONDS).status()).isEqualTo(ActionStatus.SUCCEEDED);
        }
        assertThat(pool.hasRoom()).as("round %d: room again once the calls ended", round).isTrue();
      } finally {
        release.countDown();
        callers.shutdownNow();
      }
    }
  }
}

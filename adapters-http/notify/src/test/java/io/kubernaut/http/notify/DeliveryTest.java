package io.kubernaut.http.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.ports.notification.DeliveryAttempt;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationReceipt;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.notification.RenderedMessage;
import io.kubernaut.ports.notification.RouteSpec;
import io.kubernaut.ports.notification.RouteTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The asynchronous delivery: retries, permanent failures, breaker isolation, idempotency and reload. */
class DeliveryTest {

  private final List<DeliveryAttempt> attempts = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingServer good = RecordingServer.start();
  private final RecordingServer bad = RecordingServer.start();
  private LiveRouting routing;

  @AfterEach
  void stop() {
    if (routing != null) {
      routing.close();
    }
    good.close();
    bad.close();
  }

  /** A route compiler good enough for these tests: everything to the root receiver. */
  private static final io.kubernaut.ports.in.CompileRoutes TO_ROOT = (RouteSpec root, java.util.Set<String> names) ->
      (RouteTable) n -> List.of(root.receiver());

  private AsyncNotifier notifier(String yaml) {
    ChannelFactory channels = new ChannelFactory(HttpClient.newHttpClient(), new ObjectMapper(), new TestRedactor(),
        new Secrets(name -> null));
    ChannelLane.Shared shared = new ChannelLane.Shared(Executors.newSingleThreadScheduledExecutor(), attempts::add,
        new NotificationMetrics(registry), Clock.systemUTC(), () -> 0.5);
    routing = new LiveRouting(new NotifyConfigParser(channels), TO_ROOT, shared, Clock.systemUTC(), yaml);
    return new AsyncNotifier(routing, DeliveryTest::render, new NotificationMetrics(registry));
  }

  private static RenderedMessage render(Notification n) {
    return new RenderedMessage(n.type(), n.remediationName(), n.fingerprint(), n.environment(), n.severity(),
        n.namespace(), n.phase(), n.title(), n.body(), List.of(), "kubectl describe ar " + n.remediationName(),
        n.idempotencyKey());
  }

  private String config(String delivery) {
    return """
        delivery: %s
        route: {receiver: both}
        receivers:
          - name: both
            webhookConfigs:
              - url: %s
              - url: %s
        """.formatted(delivery, good.url("/good"), bad.url("/bad"));
  }

  private static Notification note(String ar) {
    return Notification.of(NotificationType.FAILED, ar, "", "production", "critical", "ns", "Executing", "t", "", Map.of());
  }

  private List<DeliveryAttempt> on(String path) {
    return attempts.stream().filter(a -> a.channel().endsWith(path)).toList();
  }

  @Test
  void transientFailuresAreRetriedWithBackoffUntilDelivered() {
    bad.answer(503, 429, 200);
    notifier(config("{initialBackoff: 10ms, maxBackoff: 50ms}")).notify(note("ar-1"));
    await().atMost(Duration.ofSeconds(5)).until(() -> on("[1]").size() == 3);
    assertThat(on("[1]")).extracting(a -> a.result().outcome().name())
        .containsExactly("TRANSIENT_FAILURE", "TRANSIENT_FAILURE", "DELIVERED");
    assertThat(on("[1]").get(2).finalAttempt()).isTrue();
    assertThat(bad.all()).hasSize(3);
  }

  @Test
  void permanentFailuresAreNotRetried() throws Exception {
    bad.answer(404);
    notifier(config("{initialBackoff: 10ms}")).notify(note("ar-1"));
    await().atMost(Duration.ofSeconds(5)).until(() -> !on("[1]").isEmpty());
    Thread.sleep(200);
    assertThat(bad.all()).hasSize(1);
    assertThat(on("[1]").get(0).finalAttempt()).isTrue();
    assertThat(registry.counter(NotificationMetrics.FAILURES, "channel", "both/webhook[1]", "kind", "webhook",
        "reason", "permanent").count()).isEqualTo(1.0);
  }

  @Test
  void retriesStopAfterMaxAttempts() {
    bad.answer(500);
    notifier(config("{maxAttempts: 3, initialBackoff: 5ms, maxBackoff: 10ms, breaker: {failureThreshold: 100}}"))
        .notify(note("ar-1"));
    await().atMost(Duration.ofSeconds(5)).until(() -> on("[1]").size() == 3);
    assertThat(on("[1]").get(2).finalAttempt()).isTrue();
    assertThat(registry.counter(NotificationMetrics.FAILURES, "channel", "both/webhook[1]", "kind", "webhook",
        "reason", "exhausted").count()).isEqualTo(1.0);
  }

  @Test
  void aHangingChannelDoesNotDelayTheOthers() {
    bad.answer(new RecordingServer.Answer(200, "", Map.of(), 3000));
    AsyncNotifier notifier = notifier(config("{timeout: 5s}"));
    long start = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      notifier.notify(note("ar-" + i));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    await().atMost(Duration.ofSeconds(2)).until(() -> good.all().size() == 5);
  }

  @Test
  void theBreakerOpensAndStopsCallingAFailingChannel() {
    bad.answer(503);
    AsyncNotifier notifier = notifier(config(
        "{maxAttempts: 1, breaker: {failureThreshold: 2, openFor: 1h}}"));
    for (int i = 0; i < 6; i++) {
      notifier.notify(note("ar-" + i));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> good.all().size() == 6
        && registry.counter(NotificationMetrics.REFUSALS, "channel", "both/webhook[1]", "kind", "webhook").count() == 4);
    assertThat(bad.all()).hasSize(2);
    assertThat(on("[1]")).as("refusals are not attempts").hasSize(2);
    assertThat(gauge(NotificationMetrics.BREAKER, "both/webhook[1]")).isEqualTo(2.0);
    assertThat(gauge(NotificationMetrics.BREAKER, "both/webhook[0]")).isEqualTo(0.0);
    assertThat(gauge(NotificationMetrics.PENDING, "both/webhook[1]")).as("the refused four wait").isEqualTo(4.0);
    assertThat(gauge(NotificationMetrics.PENDING, "both/webhook[0]")).isEqualTo(0.0);
  }

  @Test
  void messagesRefusedByAnOpenBreakerWaitForItWithoutSpendingAttempts() {
    bad.answer(503, 503, 200);
    AsyncNotifier notifier = notifier(config(
        "{maxAttempts: 1, breaker: {failureThreshold: 2, openFor: 300ms, closeAfter: 2}}"));
    for (int i = 0; i < 6; i++) {
      notifier.notify(note("ar-" + i));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> bad.all().size() == 6);
    await().atMost(Duration.ofSeconds(2)).until(() -> gauge(NotificationMetrics.PENDING, "both/webhook[1]") == 0.0);
    assertThat(on("[1]")).extracting(a -> a.result().outcome().name())
        .containsExactly("TRANSIENT_FAILURE", "TRANSIENT_FAILURE", "DELIVERED", "DELIVERED", "DELIVERED", "DELIVERED");
    assertThat(on("[1]")).allSatisfy(a -> assertThat(a.attempt()).isEqualTo(1));
    assertThat(bad.all().subList(2, 6)).extracting(r -> r.body().replaceAll(".*\"trackingId\":\"(ar-\\d)\".*", "$1"))
        .containsExactlyInAnyOrder("ar-2", "ar-3", "ar-4", "ar-5");
    assertThat(registry.counter(NotificationMetrics.FAILURES, "channel", "both/webhook[1]", "kind", "webhook",
        "reason", "exhausted").count()).as("only the two that really failed").isEqualTo(2.0);
    assertThat(gauge(NotificationMetrics.BREAKER, "both/webhook[1]")).isEqualTo(0.0);
  }

  @Test
  void anOutageLongerThanTheOpenPeriodCostsOneTrialPerPeriodAndNoMessage() {
    // Default attempts (5); the outage outlasts six open periods: two failures open the breaker
    // and five half-open trials fail before the endpoint is back. Were a refusal an attempt, the
    // waiting messages would be given up by then.
    bad.answer(503, 503, 503, 503, 503, 503, 503, 200);
    AsyncNotifier notifier = notifier(config(
        "{initialBackoff: 10ms, maxBackoff: 20ms, breaker: {failureThreshold: 2, openFor: 200ms}}"));
    for (int i = 0; i < 6; i++) {
      notifier.notify(note("ar-" + i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> gauge(NotificationMetrics.PENDING, "both/webhook[1]") == 0.0);
    assertThat(bad.all()).hasSize(7 + 6);
    assertThat(on("[1]")).filteredOn(a -> a.result().delivered()).hasSize(6);
    assertThat(registry.find(NotificationMetrics.FAILURES).counters()).isEmpty();
  }

  @Test
  void aChannelHoldsAtMostQueueCapacityMessagesWaitingOrNot() {
    bad.answer(503);
    AsyncNotifier notifier = notifier(config(
        "{queueCapacity: 3, breaker: {failureThreshold: 1, openFor: 1h}}"));
    for (int i = 0; i < 5; i++) {
      notifier.notify(note("ar-" + i));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> registry.counter(NotificationMetrics.FAILURES,
        "channel", "both/webhook[1]", "kind", "webhook", "reason", "dropped").count() == 2.0);
    assertThat(gauge(NotificationMetrics.PENDING, "both/webhook[1]")).isEqualTo(3.0);
    assertThat(bad.all()).hasSize(1);
  }

  /**
   * A notification no channel could take is not answered as queued: the submit fails retryably and forgets its
   * idempotency key, so the sender's retry is tried again instead of being answered as a duplicate sent.
   */
  @Test
  void aNotificationEveryChannelRefusesIsARetryableFailureAndItsRetryIsNoDuplicate() {
    bad.answer(503);
    AsyncNotifier notifier = notifier("""
        delivery: {queueCapacity: 1, breaker: {failureThreshold: 1, openFor: 1h}}
        route: {receiver: only}
        receivers:
          - name: only
            webhookConfigs:
              - url: %s
        """.formatted(bad.url("/bad")));
    assertThat(notifier.submit(note("ar-1")).receivers()).containsExactly("only");
    await().atMost(Duration.ofSeconds(5)).until(() -> bad.all().size() == 1);

    for (int attempt = 1; attempt <= 2; attempt++) {
      assertThatThrownBy(() -> notifier.submit(note("ar-2"))).as("attempt " + attempt)
          .isInstanceOf(io.kubernaut.ports.failure.RetryableException.class).hasMessageContaining("[only]");
    }
    assertThat(registry.counter(NotificationMetrics.DUPLICATES).count()).isZero();
  }

  @Test
  void aReloadHandsMessagesWaitingForTheBreakerToTheNewLane() {
    bad.answer(503, 200);
    String yaml = config("{breaker: {failureThreshold: 1, openFor: 500ms, closeAfter: 1}}");
    AsyncNotifier notifier = notifier(yaml);
    for (int i = 0; i < 3; i++) {
      notifier.notify(note("ar-" + i));
    }
    await().atMost(Duration.ofSeconds(2)).until(() -> gauge(NotificationMetrics.BREAKER, "both/webhook[1]") == 2.0);
    routing.reload(yaml);
    await().atMost(Duration.ofSeconds(5)).until(() -> bad.all().size() == 4);
    await().atMost(Duration.ofSeconds(2)).until(() -> gauge(NotificationMetrics.PENDING, "both/webhook[1]") == 0.0);
    assertThat(on("[1]")).filteredOn(a -> a.result().delivered()).hasSize(3);
    assertThat(registry.find(NotificationMetrics.FAILURES).counters()).isEmpty();
  }

  private double gauge(String name, String channel) {
    return registry.get(name).tag("channel", channel).gauge().value();
  }

  @Test
  void aReplayedNotificationIsDeliveredOnceAndAnswersTheFirstDeliveryId() throws Exception {
    AsyncNotifier notifier = notifier(config("{}"));
    NotificationReceipt first = notifier.submit(note("ar-1"));
    NotificationReceipt replay = notifier.submit(note("ar-1"));
    assertThat(first.duplicate()).isFalse();
    assertThat(first.receivers()).containsExactly("both");
    assertThat(replay.duplicate()).isTrue();
    assertThat(replay.deliveryId()).isEqualTo(first.deliveryId());
    assertThat(replay.receivers()).isEmpty();
    await().atMost(Duration.ofSeconds(2)).until(() -> good.all().size() == 1);
    Thread.sleep(200);
    assertThat(good.all()).hasSize(1);
    assertThat(registry.counter(NotificationMetrics.DUPLICATES).count()).isEqualTo(1.0);
  }

  @Test
  void idempotencyMemoryIsBoundedAndForgetsTheOldestKeys() {
    RecentKeys keys = new RecentKeys(2);
    assertThat(keys.claim("a", "1")).isNull();
    keys.settle("a", "1");
    assertThat(keys.claim("b", "2")).isNull();
    keys.settle("b", "2");
    assertThat(keys.claim("a", "x")).isEqualTo(new RecentKeys.Earlier("1", false));
    assertThat(keys.claim("c", "3")).isNull();
    assertThat(keys.size()).isEqualTo(2);
    assertThat(keys.claim("a", "4")).isNull();
  }

  @Test
  void aKeyIsPendingUntilItsDeliveryIsQueuedAndForgottenWhenItIsNot() {
    RecentKeys keys = new RecentKeys(10);
    assertThat(keys.claim("k", "1")).isNull();
    assertThat(keys.claim("k", "2")).as("still being queued").isEqualTo(new RecentKeys.Earlier("1", true));
    keys.forget("k", "1");
    assertThat(keys.claim("k", "3")).as("forgotten: taken again").isNull();
    keys.settle("k", "3");
    assertThat(keys.claim("k", "4")).isEqualTo(new RecentKeys.Earlier("3", false));
    keys.forget("k", "1");
    assertThat(keys.claim("k", "5")).as("another delivery's forget leaves it").isEqualTo(new RecentKeys.Earlier("3", false));
  }

  /**
   * A replay that arrives while the first submit is still being queued is told to retry, not that it was sent: the
   * first may yet fail, and a composer that fails leaves the key free for the retry.
   */
  @Test
  void aReplayDuringTheFirstSubmitIsToldToRetryAndAFailedSubmitLeavesTheKeyFree() throws Exception {
    notifier(config("{}"));
    java.util.concurrent.CountDownLatch composing = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
    AsyncNotifier slow = new AsyncNotifier(routing, n -> {
      if (failed.get()) {
        return render(n);
      }
      composing.countDown();
      try {
        release.await(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      failed.set(true);
      throw new IllegalStateException("the template failed");
    }, new NotificationMetrics(registry));
    java.util.concurrent.CompletableFuture<NotificationReceipt> first =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> slow.submit(note("ar-9")));
    assertThat(composing.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> slow.submit(note("ar-9"))).isInstanceOf(io.kubernaut.ports.failure.RetryableException.class)
        .hasMessageContaining("being queued");
    release.countDown();
    assertThatThrownBy(first::join).hasRootCauseInstanceOf(IllegalStateException.class);

    NotificationReceipt retried = slow.submit(note("ar-9"));
    assertThat(retried.duplicate()).isFalse();
    assertThat(registry.counter(NotificationMetrics.DUPLICATES).count()).isZero();
  }

  /**
   * A message whose composing exhausts the stack never reaches the pipeline (thrown past the reconciler, the Error
   * stalled its remediation), and leaves its key free for a retry.
   */
  @Test
  void aComposerThatExhaustsTheStackFailsNeitherTheCallerNorTheRetry() {
    notifier(config("{}"));
    java.util.concurrent.atomic.AtomicBoolean overflow = new java.util.concurrent.atomic.AtomicBoolean(true);
    AsyncNotifier deep = new AsyncNotifier(routing, n -> {
      if (overflow.getAndSet(false)) {
        throw new StackOverflowError();
      }
      return render(n);
    }, new NotificationMetrics(registry));

    deep.notify(note("ar-7"));

    NotificationReceipt retried = deep.submit(note("ar-7"));
    assertThat(retried.duplicate()).isFalse();
  }

  @Test
  void everyAttemptIsCountedPerChannelAndOutcome() {
    notifier(config("{}")).notify(note("ar-1"));
    await().atMost(Duration.ofSeconds(2)).until(() -> attempts.size() == 2);
    assertThat(registry.counter(NotificationMetrics.ATTEMPTS, "channel", "both/webhook[0]", "kind", "webhook",
        "outcome", "delivered").count()).isEqualTo(1.0);
  }

  @Test
  void aReloadSwapsTheReceiversAndAnInvalidReloadKeepsTheOldConfig() {
    AsyncNotifier notifier = notifier(config("{}"));
    routing.reload("""
        route: {receiver: only-good}
        receivers:
          - name: only-good
            webhookConfigs: [{url: %s}]
        """.formatted(good.url("/good")));
    assertThat(routing.receivers()).containsExactly("only-good");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> routing.reload("route: {receiver: x}\nreceivers: []"))
        .hasMessageContaining("receivers");
    assertThat(routing.receivers()).containsExactly("only-good");
    notifier.notify(note("ar-9"));
    await().atMost(Duration.ofSeconds(2)).until(() -> good.all().size() == 1);
    assertThat(bad.all()).isEmpty();
  }
}

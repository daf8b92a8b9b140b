package io.kubernaut.http.api.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.api.ApiTestServer;
import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationReceipt;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.out.Notifier;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * POST /api/v1/notify: the body's validation, and the answer taken from the {@link Notifier} port's
 * receipt (the round trip through the real notification adapter is in the app's end-to-end test).
 */
class NotifyRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A notifier that keeps what it is handed and answers a fixed receipt. */
  private static final class ReceiptNotifier implements Notifier {
    final List<Notification> handed = new CopyOnWriteArrayList<>();

    @Override
    public void notify(Notification notification) {
      throw new AssertionError("the route must ask for a receipt");
    }

    @Override
    public NotificationReceipt submit(Notification notification) {
      handed.add(notification);
      return new NotificationReceipt("delivery-7", false, List.of("oncall", "platform-log"));
    }
  }

  @Test
  void aValidPostIsHandedToTheNotifierAndAnswersItsReceipt() throws Exception {
    ReceiptNotifier notifier = new ReceiptNotifier();
    try (ApiTestServer server = ApiTestServer.start(new NotifyRoutes(notifier, JSON))) {
      HttpResponse<String> response = server.post(NotifyRoutes.PATH,
          "{\"type\": \"FAILED\", \"remediation\": \"ar-1\", \"body\": \"It broke.\"}");

      assertThat(response.statusCode()).isEqualTo(202);
      JsonNode answer = JSON.readTree(response.body());
      assertThat(answer.get("deliveryId").asText()).isEqualTo("delivery-7");
      assertThat(answer.get("duplicate").asBoolean()).isFalse();
      assertThat(answer.get("receivers")).extracting(JsonNode::asText).containsExactly("oncall", "platform-log");
      assertThat(notifier.handed).singleElement().satisfies(n -> {
        assertThat(n.type()).isEqualTo(NotificationType.FAILED);
        assertThat(n.remediationName()).isEqualTo("ar-1");
      });
    }
  }

  @Test
  void anInvalidPostIsA400AndReachesNoNotifier() {
    ReceiptNotifier notifier = new ReceiptNotifier();
    try (ApiTestServer server = ApiTestServer.start(new NotifyRoutes(notifier, JSON))) {
      HttpResponse<String> response = server.post(NotifyRoutes.PATH, "{\"type\": \"FAILED\"}");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("'remediation'");
      assertThat(notifier.handed).isEmpty();
    }
  }

  /** A notification no channel could queue is a 503 with Retry-After: the sender retries, nothing was sent. */
  @Test
  void aNotificationNoChannelCouldQueueIsA503WithRetryAfter() {
    Notifier full = new Notifier() {
      @Override
      public void notify(Notification notification) {
        throw new AssertionError("the route must ask for a receipt");
      }

      @Override
      public NotificationReceipt submit(Notification notification) {
        throw new io.kubernaut.ports.failure.RetryableException("Every channel routed for this notification is full.");
      }
    };
    try (ApiTestServer server = ApiTestServer.start(new NotifyRoutes(full, JSON))) {
      HttpResponse<String> response = server.post(NotifyRoutes.PATH, "{\"type\":\"failed\",\"remediation\":\"ar-1\"}");

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).contains(String.valueOf(NotifyRoutes.RETRY_AFTER_SECONDS));
      assertThat(response.body()).contains("is full");
    }
  }

  /** A null detail is a 400 naming it over real HTTP, not a 500 from deep in the notifier. */
  @Test
  void aNullDetailIsA400NamingItAndReachesNoNotifier() {
    ReceiptNotifier notifier = new ReceiptNotifier();
    try (ApiTestServer server = ApiTestServer.start(new NotifyRoutes(notifier, JSON))) {
      HttpResponse<String> response = server.post(NotifyRoutes.PATH,
          "{\"type\":\"custom\",\"remediation\":\"ar-1\",\"details\":{\"k\":null,\"ok\":\"yes\"}}");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
          .startsWith("application/problem+json"));
      assertThat(response.body()).contains("'details.k' is null");
      assertThat(notifier.handed).isEmpty();
    }
  }

  private static NotifyRoutes.NotifyRequest request(String type, String remediation, String fingerprint) {
    return new NotifyRoutes.NotifyRequest(type, remediation, fingerprint, "production", "critical", "ns", "Executing",
        null, "body", Map.of("threshold", "Analyzing"), null);
  }

  @Test
  void aMissingTypeAndAMissingRemediationAreBothNamed() {
    assertThatThrownBy(() -> NotifyRoutes.toNotification(request(null, null, null)))
        .isInstanceOf(HttpProblem.class).hasMessageContaining("2 invalid fields");
  }

  @Test
  void anUnknownTypeIsRejectedListingTheKnownOnes() {
    assertThatThrownBy(() -> NotifyRoutes.toNotification(request("exploded", "ar-1", null)))
        .hasMessageContaining("'type'").hasMessageContaining("APPROVAL_NEEDED");
  }

  @Test
  void aMalformedFingerprintIsRejected() {
    assertThatThrownBy(() -> NotifyRoutes.toNotification(request("FAILED", "ar-1", "xyz")))
        .hasMessageContaining("'fingerprint'");
  }

  @Test
  void typesAreAcceptedInAnyCaseAndTheDefaultTitleAndKeyFollowTheType() {
    Notification n = NotifyRoutes.toNotification(request("timed-out", "ar-1", ""));
    assertThat(n.type()).isEqualTo(NotificationType.TIMED_OUT);
    assertThat(n.title()).isEqualTo("Timed out: ar-1");
    assertThat(n.idempotencyKey()).isEqualTo("api:TIMED_OUT:ar-1:Analyzing");
  }

  /**
   * A post cannot take the key of a notification the operator sends later: the API's keys, given or derived, live
   * apart ("api:"). Before, a post with the key APPROVAL_NEEDED:ar-1:AwaitingApproval made the operator's own
   * approval request a "duplicate", never sent.
   */
  @Test
  void aPostedKeyNeverMeetsTheOperatorsOwnKeys() {
    NotifyRoutes.NotifyRequest r = new NotifyRoutes.NotifyRequest("CUSTOM", "ar-1", null, null, null, null, null, null, null, Map.of(),
        "APPROVAL_NEEDED:ar-1:AwaitingApproval");
    Notification own = Notification.of(NotificationType.APPROVAL_NEEDED, "ar-1", null, null, null, null, null, "t", null,
        Map.of("threshold", "AwaitingApproval"));

    assertThat(NotifyRoutes.toNotification(r).idempotencyKey()).isEqualTo("api:APPROVAL_NEEDED:ar-1:AwaitingApproval")
        .isNotEqualTo(own.idempotencyKey());
    assertThat(NotifyRoutes.toNotification(request("APPROVAL_NEEDED", "ar-1", "")).idempotencyKey())
        .startsWith("api:");
  }

  @Test
  void overlongFieldsAreRejectedNamingEach() {
    NotifyRoutes.NotifyRequest r = new NotifyRoutes.NotifyRequest("CUSTOM", "ar-1", null, null, null, null, null, "t".repeat(1025),
        "b".repeat(16 * 1024 + 1), Map.of("k", "v".repeat(1025)), "x".repeat(237));

    HttpProblem problem = org.assertj.core.api.Assertions.catchThrowableOfType(() -> NotifyRoutes.toNotification(r),
        HttpProblem.class);

    assertThat(problem.getMessage()).isEqualTo("The notification has 4 invalid fields.");
    assertThat(new String(problem.document(new ObjectMapper(), "/api/v1/notify"), java.nio.charset.StandardCharsets.UTF_8))
        .contains("'details.k' is too long").contains("'idempotencyKey' has 237 characters; at most 236")
        .contains("'title' has 1025 characters").contains("'body' has 16385 characters");
  }

  @Test
  void customMessagesGetAFreshKeyPerPost() {
    assertThat(NotifyRoutes.toNotification(request("CUSTOM", "ar-1", "")).idempotencyKey())
        .isNotEqualTo(NotifyRoutes.toNotification(request("CUSTOM", "ar-1", "")).idempotencyKey());
  }
}

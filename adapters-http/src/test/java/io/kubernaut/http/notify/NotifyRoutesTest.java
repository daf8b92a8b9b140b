package io.kubernaut.http.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.http.HttpProblem;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation of the POST /api/v1/notify body (the HTTP round trip is in the app's end-to-end test). */
class NotifyRoutesTest {

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
    assertThat(n.idempotencyKey()).isEqualTo("TIMED_OUT:ar-1:Analyzing");
  }

  @Test
  void customMessagesGetAFreshKeyPerPost() {
    assertThat(NotifyRoutes.toNotification(request("CUSTOM", "ar-1", "")).idempotencyKey())
        .isNotEqualTo(NotifyRoutes.toNotification(request("CUSTOM", "ar-1", "")).idempotencyKey());
  }
}

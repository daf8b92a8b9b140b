package io.kubernaut.http.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernaut.http.verification.VerificationSettings.Endpoint;
import io.kubernaut.http.verification.harness.RealAlertmanager;
import io.kubernaut.ports.out.AlertStateReader;
import io.kubernaut.ports.out.SilenceKeeper;
import io.kubernaut.ports.verification.AlertActivity;
import io.kubernaut.ports.verification.AlertActivity.State;
import io.kubernaut.ports.verification.SilenceRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The alert state reader against a real Alertmanager, alerts posted to its API v2 as Prometheus posts them. */
class AlertmanagerAlertStateReaderTest {

  private static RealAlertmanager alertmanager;
  private static AlertStateReader alerts;
  private static SilenceKeeper silences;

  @BeforeAll
  static void startAlertmanager() {
    alertmanager = RealAlertmanager.start();
    VerificationModule.Monitoring monitoring = VerificationModule.build(new VerificationSettings(Optional.empty(),
        Optional.of(Endpoint.of(alertmanager.url())), true, Duration.ofSeconds(5),
        VerificationSettings.Breaker.DEFAULT), Clock.systemUTC());
    alerts = monitoring.alerts();
    silences = monitoring.silences();
  }

  @AfterAll
  static void stop() {
    if (alertmanager != null) {
      alertmanager.close();
    }
  }

  private static Map<String, String> alert(String name) {
    return Map.of("alertname", name, "namespace", "shop", "pod", "web-1", "severity", "warning");
  }

  @Test
  void anAlertPostedToAlertmanagerIsActive() {
    alertmanager.fire(alert("StateFiring"));

    AlertActivity activity = alerts.activity(Map.of("alertname", "StateFiring", "namespace", "shop", "pod", "web-1"));

    assertThat(activity.state()).isEqualTo(State.ACTIVE);
    assertThat(activity.reason()).startsWith("Alertmanager lists 1 active alert for the alert {alertname=StateFiring");
  }

  @Test
  void anAlertResolvedWithAnEndInThePastIsInactive() {
    alertmanager.fire(alert("StateResolved"));
    await().atMost(Duration.ofSeconds(5))
        .until(() -> alerts.activity(Map.of("alertname", "StateResolved")).state() == State.ACTIVE);

    alertmanager.resolve(alert("StateResolved"));

    AlertActivity activity = alerts.activity(Map.of("alertname", "StateResolved", "pod", "web-1"));
    assertThat(activity.state()).isEqualTo(State.INACTIVE);
    assertThat(activity.reason()).isEqualTo("Alertmanager lists no active alert for the alert {alertname=StateResolved, "
        + "pod=web-1}.");
  }

  @Test
  void aSilencedAlertIsStillActive() {
    alertmanager.fire(alert("StateSilenced"));
    silences.ensure(new SilenceRequest("ar-state-silenced", Map.of("alertname", "StateSilenced", "pod", "web-1"),
        Instant.now().plus(Duration.ofMinutes(10)), "Kubernaut is remediating."));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      AlertActivity activity = alerts.activity(Map.of("alertname", "StateSilenced", "pod", "web-1"));
      assertThat(activity.state()).isEqualTo(State.ACTIVE);
      assertThat(activity.reason()).endsWith("(1 silenced or inhibited).");
    });
    silences.expire("ar-state-silenced");
  }

  @Test
  void labelsTheAlertDoesNotCarryMatchNothing() {
    alertmanager.fire(alert("StateOther"));

    assertThat(alerts.activity(Map.of("alertname", "StateOther", "pod", "web-2")).state()).isEqualTo(State.INACTIVE);
  }

  @Test
  void aLabelValueWithQuotesIsMatchedLiterallyAndCannotWidenTheFilter() {
    alertmanager.fire(Map.of("alertname", "StateQuoted", "pod", "we\"b\\1"));
    alertmanager.fire(alert("StateWide"));

    assertThat(alerts.activity(Map.of("alertname", "StateQuoted", "pod", "we\"b\\1")).state())
        .isEqualTo(State.ACTIVE);
    assertThat(alerts.activity(Map.of("alertname", "StateWide", "pod", "x\",pod=~\".*")).state())
        .isEqualTo(State.INACTIVE);
  }

  @Test
  void aLabelNameAlertmanagerWouldRefuseIsUnknownWithoutAsking() {
    AlertActivity activity = alerts.activity(Map.of("alertname", "X", "pod}", "web-1"));

    assertThat(activity.state()).isEqualTo(State.UNKNOWN);
    assertThat(activity.reason()).contains("\"pod}\" is not a label name");
  }
}

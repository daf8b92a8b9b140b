package io.kubernaut.http.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.verification.VerificationSettings.Endpoint;
import io.kubernaut.http.verification.harness.FaultInjectingProxy;
import io.kubernaut.http.verification.harness.RealAlertmanager;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.out.SilenceKeeper;
import io.kubernaut.ports.verification.Silence;
import io.kubernaut.ports.verification.SilenceRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Silences kept in a real Alertmanager: exact, one per remediation, found again after a restart, expired. */
class AlertmanagerSilenceKeeperTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static RealAlertmanager alertmanager;

  @BeforeAll
  static void startAlertmanager() {
    alertmanager = RealAlertmanager.start();
  }

  @AfterAll
  static void stop() {
    if (alertmanager != null) {
      alertmanager.close();
    }
  }

  /** A keeper as a freshly started operator has it. */
  private static SilenceKeeper keeper() {
    return VerificationModule.build(new VerificationSettings(Optional.empty(),
        Optional.of(Endpoint.of(alertmanager.url())), true, Duration.ofSeconds(5),
        VerificationSettings.Breaker.DEFAULT), Clock.systemUTC()).silences();
  }

  private static SilenceRequest request(String remediation, String alertname) {
    return new SilenceRequest(remediation, Map.of("alertname", alertname, "namespace", "shop", "pod", "web-1"),
        Instant.now().plus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.SECONDS),
        "Kubernaut is remediating this alert: kubectl describe alertremediation " + remediation + " -n shop");
  }

  /** Every silence Alertmanager holds whose comment names {@code remediation}. */
  private static List<JsonNode> silencesNaming(String remediation) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode s : JSON.readTree(alertmanager.get("/api/v2/silences"))) {
      if (s.path("comment").asText().contains(remediation)) {
        found.add(s);
      }
    }
    return found;
  }

  @Test
  void ensureCreatesExactlyOneSilenceMatchingTheAlertExactlyByKubernaut() throws Exception {
    SilenceRequest request = request("ar-exact", "SilenceExact");

    Silence silence = keeper().ensure(request);

    List<JsonNode> held = silencesNaming("ar-exact");
    assertThat(held).hasSize(1);
    JsonNode stored = held.get(0);
    assertThat(stored.path("id").asText()).isEqualTo(silence.id());
    assertThat(stored.path("createdBy").asText()).isEqualTo("kubernaut");
    assertThat(stored.path("status").path("state").asText()).isEqualTo("active");
    assertThat(stored.path("comment").asText()).startsWith(request.comment())
        .endsWith("\nkubernaut.io/remediation=ar-exact");
    assertThat(Instant.parse(stored.path("endsAt").asText())).isEqualTo(request.endsAt());
    assertThat(stored.path("matchers")).hasSize(3).allSatisfy(m -> {
      assertThat(m.path("isEqual").asBoolean()).isTrue();
      assertThat(m.path("isRegex").asBoolean()).isFalse();
      assertThat(m.path("value").asText()).isEqualTo(request.matchers().get(m.path("name").asText()));
    });
    assertThat(silence).isEqualTo(new Silence(silence.id(), "ar-exact", request.endsAt(), true));
  }

  @Test
  void aSecondEnsureAnswersTheSilenceAlreadyThere() throws Exception {
    SilenceKeeper keeper = keeper();
    Silence first = keeper.ensure(request("ar-twice", "SilenceTwice"));

    Silence second = keeper.ensure(request("ar-twice", "SilenceTwice"));

    assertThat(second).isEqualTo(first);
    assertThat(silencesNaming("ar-twice")).hasSize(1);
  }

  @Test
  void aRestartedOperatorFindsTheSilenceByTheRemediationsNameAndDoesNotDuplicateIt() throws Exception {
    Silence created = keeper().ensure(request("ar-restart", "SilenceRestart"));

    SilenceKeeper restarted = keeper();

    assertThat(restarted.find("ar-restart")).contains(created);
    assertThat(restarted.ensure(request("ar-restart", "SilenceRestart"))).isEqualTo(created);
    assertThat(silencesNaming("ar-restart")).hasSize(1);
  }

  @Test
  void aSlowAlertmanagerIsUnreachableWithTheReasonAndOnceItAnswersInTimeExactlyOneSilenceIsMadeAndExpired()
      throws Exception {
    try (FaultInjectingProxy link = FaultInjectingProxy.start().forwardTo(alertmanager.url())) {
      SilenceKeeper slow = VerificationModule.build(new VerificationSettings(Optional.empty(),
          Optional.of(Endpoint.of(link.url())), true, Duration.ofSeconds(1), VerificationSettings.Breaker.DEFAULT),
          Clock.systemUTC()).silences();
      SilenceRequest request = request("ar-slow", "SilenceSlow");
      link.delay(Duration.ofMillis(1500));

      assertThatThrownBy(() -> slow.ensure(request)).isInstanceOf(RetryableException.class)
          .hasMessage("Alertmanager did not answer within 1 s.");
      assertThat(silencesNaming("ar-slow")).as("nothing is created before the silences are read").isEmpty();

      link.heal();
      Silence made = slow.ensure(request);
      assertThat(slow.ensure(request)).isEqualTo(made);
      link.delay(Duration.ofMillis(1500));
      assertThatThrownBy(() -> slow.expire("ar-slow")).isInstanceOf(RetryableException.class)
          .hasMessage("Alertmanager did not answer within 1 s.");
      assertThat(silencesNaming("ar-slow")).singleElement()
          .satisfies(s -> assertThat(s.path("status").path("state").asText()).isEqualTo("active"));
      link.heal();
      assertThat(slow.expire("ar-slow")).isTrue();
      assertThat(silencesNaming("ar-slow")).singleElement().satisfies(s -> {
        assertThat(s.path("id").asText()).isEqualTo(made.id());
        assertThat(s.path("status").path("state").asText()).isEqualTo("expired");
      });
    }
  }

  @Test
  void anAlertmanagerCutOffIsUnreachableWithTheReasonAndTheSilenceIsExpiredOnceItIsBack() throws Exception {
    try (FaultInjectingProxy link = FaultInjectingProxy.start().forwardTo(alertmanager.url())) {
      SilenceKeeper keeper = VerificationModule.build(new VerificationSettings(Optional.empty(),
          Optional.of(Endpoint.of(link.url())), true, Duration.ofSeconds(1), VerificationSettings.Breaker.DEFAULT),
          Clock.systemUTC()).silences();
      Silence created = keeper.ensure(request("ar-cut", "SilenceCut"));
      link.cut();

      assertThatThrownBy(() -> keeper.expire("ar-cut")).isInstanceOf(RetryableException.class)
          .hasMessageStartingWith("Alertmanager at " + link.url() + " could not be reached");
      assertThat(silencesNaming("ar-cut")).singleElement()
          .satisfies(s -> assertThat(s.path("status").path("state").asText()).isEqualTo("active"));

      link.heal();
      assertThat(keeper.expire("ar-cut")).isTrue();
      assertThat(silencesNaming("ar-cut")).singleElement().satisfies(s -> {
        assertThat(s.path("id").asText()).isEqualTo(created.id());
        assertThat(s.path("status").path("state").asText()).isEqualTo("expired");
      });
    }
  }

  @Test
  void aRemediationWhoseNameIsAPrefixOfAnotherFindsOnlyItsOwn() {
    SilenceKeeper keeper = keeper();
    Silence longer = keeper.ensure(request("ar-prefix-12", "SilencePrefix"));

    assertThat(keeper.find("ar-prefix-1")).isEmpty();
    assertThat(keeper.find("ar-prefix-12")).contains(longer);
  }

  @Test
  void expiringEndsTheSilenceAndASecondExpiryHasNothingToDo() throws Exception {
    SilenceKeeper keeper = keeper();
    keeper.ensure(request("ar-expire", "SilenceExpire"));

    assertThat(keeper.expire("ar-expire")).isTrue();

    assertThat(keeper.find("ar-expire")).isEmpty();
    assertThat(silencesNaming("ar-expire")).singleElement()
        .satisfies(s -> assertThat(s.path("status").path("state").asText()).isEqualTo("expired"));
    assertThat(keeper.expire("ar-expire")).isFalse();
  }

  @Test
  void anExpiredSilenceIsReplacedByANewOneOnTheNextEnsure() throws Exception {
    SilenceKeeper keeper = keeper();
    Silence first = keeper.ensure(request("ar-again", "SilenceAgain"));
    keeper.expire("ar-again");

    Silence second = keeper.ensure(request("ar-again", "SilenceAgain"));

    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(silencesNaming("ar-again")).hasSize(2);
  }

  @Test
  void aLabelNameAlertmanagerWouldRefuseIsRefusedBeforeAnythingIsCreated() throws Exception {
    SilenceRequest odd = new SilenceRequest("ar-odd", Map.of("alertname", "SilenceOdd", "pod=~\".*\"", "x"),
        Instant.now().plusSeconds(600), "remediating ar-odd");

    assertThatThrownBy(() -> keeper().ensure(odd)).isInstanceOf(PermanentException.class)
        .hasMessage("The silence for ar-odd cannot match by \"pod=~\".*\"\" is not a label name.");
    assertThat(silencesNaming("ar-odd")).isEmpty();
  }

  @Test
  void aSilenceEndingInThePastIsRefusedByAlertmanagerWithItsReason() {
    SilenceRequest past = new SilenceRequest("ar-past", Map.of("alertname", "SilencePast"),
        Instant.now().minus(Duration.ofMinutes(1)), "too late");

    assertThatThrownBy(() -> keeper().ensure(past)).isInstanceOf(PermanentException.class)
        .hasMessageStartingWith("Alertmanager answered HTTP 400 when asked to create the silence for ar-past: ");
  }
}

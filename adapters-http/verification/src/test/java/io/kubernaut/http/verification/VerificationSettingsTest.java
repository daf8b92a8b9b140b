package io.kubernaut.http.verification;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.http.verification.VerificationSettings.Breaker;
import io.kubernaut.http.verification.VerificationSettings.Endpoint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerificationSettingsTest {

  private static final URI AM = URI.create("http://alertmanager:9093");

  @Test
  void silencesWithoutAnAlertmanagerAreRefused() {
    assertThatThrownBy(() -> new VerificationSettings(Optional.empty(), Optional.empty(), true, Duration.ofSeconds(5),
        Breaker.DEFAULT)).hasMessage("Silences need an Alertmanager: set its URL, or turn silences off.");
  }

  @Test
  void anEndpointThatIsNotAnHttpBaseUrlIsRefused() {
    assertThatThrownBy(() -> Endpoint.of(URI.create("ftp://am:21")))
        .hasMessage("must be an http or https URL with a host, got \"ftp://am:21\".");
    assertThatThrownBy(() -> Endpoint.of(URI.create("http://user:pw@am:9093")))
        .hasMessageStartingWith("must be a base URL without query, fragment or credentials");
  }

  @Test
  void twoCredentialsAtOnceOrHalfABasicAuthAreRefused() {
    assertThatThrownBy(() -> new Endpoint(AM, Optional.of("t"), Optional.of(Path.of("/t")), Optional.empty(),
        Optional.empty())).hasMessage("takes a bearer token or a token file, not both.");
    assertThatThrownBy(() -> new Endpoint(AM, Optional.empty(), Optional.empty(), Optional.of("u"), Optional.empty()))
        .hasMessage("basic auth needs both a username and a password.");
    assertThatThrownBy(() -> new Endpoint(AM, Optional.of("t"), Optional.empty(), Optional.of("u"), Optional.of("p")))
        .hasMessage("takes a bearer token or basic auth, not both.");
  }
}

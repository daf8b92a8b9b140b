package io.kubernaut.http.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.api.ApiTestServer;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Content-Type naming a character set that cannot be used is refused with a 415 problem on every API route, before
 * any parameter or body is read: Javalin failed each such read with a 500, and an unknown name read every query
 * parameter as absent, which answered a filtered query unfiltered.
 */
class ContentTypeCharsetTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InMemoryAuditQueries store = new InMemoryAuditQueries();
  private ApiTestServer server;

  @BeforeEach
  void start() {
    server = ApiTestServer.start(new AuditEventRoutes(new InMemoryAuditTrail(store), store, ApiTestServer.bodies(),
        Clock.fixed(NOW, ZoneOffset.UTC)));
    for (String ar : new String[] {"ar-1", "ar-2"}) {
      store.store(new AuditEvents(ar, new Fingerprint("a".repeat(64)), new TargetRef("Deployment", "shop", "api"))
          .phaseTransition(NOW.minusSeconds(60), "AlertRemediation", ar, null, "Processing", null));
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String contentType) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
            + AuditEventRoutes.PATH + "?remediation=ar-1")).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + ApiTestServer.TOKEN).header("Content-Type", contentType).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String contentType) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + AuditEventRoutes.PATH))
        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + ApiTestServer.TOKEN)
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain; charset", "text/plain; charset=", "application/json; charset=bogus",
      "application/json;charset=\"\"", "application/json; charset=utf-8?x", "application/json; CHARSET=no-such-set"})
  void aCharacterSetThatCannotBeUsedIsAnswered415BeforeAnythingIsRead(String contentType) throws Exception {
    for (HttpResponse<String> r : java.util.List.of(get(contentType), post(contentType))) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(415);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
          .startsWith("application/problem+json"));
      assertThat(JSON.readTree(r.body()).path("detail").asText()).contains("character set")
          .contains("charset=utf-8");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "application/json; charset=\"UTF-8\"",
      "text/plain; charset=ISO-8859-1"})
  void aCharacterSetThatCanBeUsedIsReadAndTheFilterHolds(String contentType) throws Exception {
    HttpResponse<String> r = get(contentType);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).path("events")).singleElement()
        .satisfies(e -> assertThat(e.path("remediation").asText()).isEqualTo("ar-1"));
  }
}

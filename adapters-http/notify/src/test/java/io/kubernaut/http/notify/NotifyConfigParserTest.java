package io.kubernaut.http.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyConfigParserTest {

  @TempDir
  Path dir;

  private final Map<String, String> env = Map.of(
      "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/SECRETSLACK",
      "TEAMS_WEBHOOK_URL", "https://example.webhook.office.com/webhookb2/abc",
      "SMTP_PASSWORD", "smtp-pass",
      "SHOP_HOOK_TOKEN", "shop-token");

  private NotifyConfigParser parser() {
    return new NotifyConfigParser(new ChannelFactory(HttpClient.newHttpClient(), new ObjectMapper(), new TestRedactor(),
        new Secrets(env::get)));
  }

  /** The example of docs/notifications.md (section "A complete example"), with the PagerDuty key file created here. */
  static String documentedExample(Path keyFile) throws java.io.IOException {
    String doc = Files.readString(Path.of("..", "..", "docs", "notifications.md"));
    int at = doc.indexOf("\n## A complete example\n");
    assertThat(at).as("section \"A complete example\" in docs/notifications.md").isNotNegative();
    String section = doc.substring(at);
    int from = section.indexOf("```yaml\n") + "```yaml\n".length();
    return section.substring(from, section.indexOf("```", from))
        .replace("/etc/kubernaut/secrets/pagerduty-routing-key", keyFile.toString());
  }

  @Test
  void theDocumentedExampleParsesWithEveryChannelKind() throws Exception {
    Path key = Files.writeString(dir.resolve("routing-key"), "R0UTINGKEY\n");
    NotifyConfig c = parser().parse(documentedExample(key));
    assertThat(c.receivers()).extracting(ReceiverConfig::name)
        .containsExactly("platform-log", "approvers", "oncall", "shop-team");
    assertThat(c.receivers().stream().flatMap(r -> r.channels().stream()).map(ch -> ch.channel().kind()))
        .containsExactly("log", "slack", "teams", "pagerduty", "email", "webhook");
    assertThat(c.receivers().get(1).channels().get(0).id()).isEqualTo("approvers/slack[0]");
    assertThat(c.route().routes()).hasSize(3);
    assertThat(c.route().routes().get(0).continueMatching()).isTrue();
    assertThat(c.route().routes().get(1).routes().get(0).matchRe()).containsEntry("namespace", "shop-.*");
    assertThat(c.delivery().openFor()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.delivery().maxBackoff()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void emailRequiresStartTlsUnlessItUsesImplicitTlsOrTurnsItOff() {
    String yaml = """
        route: {receiver: r}
        receivers:
          - name: r
            emailConfigs:
              - {host: smtp.example.com, from: k@example.com, to: [a@example.com]}
              - {host: smtp.example.com, from: k@example.com, to: [a@example.com], ssl: true}
              - {host: relay.local, port: 25, startTls: false, from: k@example.com, to: [a@example.com]}
        """;
    List<SmtpChannel.Settings> settings = parser().parse(yaml).receivers().get(0).channels().stream()
        .map(ch -> ((SmtpChannel) ch.channel()).settings()).toList();

    assertThat(settings).extracting(SmtpChannel.Settings::port, SmtpChannel.Settings::startTls, SmtpChannel.Settings::ssl)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(587, true, false),
            org.assertj.core.groups.Tuple.tuple(465, false, true), org.assertj.core.groups.Tuple.tuple(25, false, false));
  }

  @Test
  void aMissingEnvironmentVariableIsNamedButNoSecretIsShown() {
    String yaml = """
        route: {receiver: r}
        receivers:
          - name: r
            slackConfigs: [{urlFrom: {env: NOT_SET}}]
        """;
    assertThatThrownBy(() -> parser().parse(yaml)).hasMessageContaining("receivers[0].slackConfigs[0].urlFrom")
        .hasMessageContaining("NOT_SET");
  }

  @Test
  void anUnknownFieldIsRejectedByName() {
    assertThatThrownBy(() -> parser().parse("route: {receiver: r, recevier: x}\nreceivers: [{name: r, logConfigs: [{}]}]"))
        .hasMessage("Unknown key 'route.recevier' in the notification config; the keys read there are continue, match, "
            + "matchRe, receiver, routes.");
    assertThatThrownBy(() -> parser().parse("route: {receiver: r}\nreceivers: [{name: r, logConfigs: [{levl: info}]}]"))
        .hasMessageStartingWith("Unknown key 'receivers[0].logConfigs[0].levl' in the notification config");
    assertThatThrownBy(() -> parser().parse("route: {receiver: r}\ngroupBy: [alertname]\nreceivers: [{name: r, logConfigs: [{}]}]"))
        .hasMessageStartingWith("Unknown key 'groupBy' in the notification config");
  }

  @Test
  void aMalformedUrlErrorDoesNotQuoteTheSecretUrl() {
    String yaml = """
        route: {receiver: r}
        receivers:
          - name: r
            webhookConfigs: [{url: "ftp://SECRETHOST/x"}]
        """;
    assertThatThrownBy(() -> parser().parse(yaml)).hasMessageContaining("webhookConfigs[0].url")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRETHOST"));
  }

  @Test
  void aReceiverWithoutChannelsIsRejected() {
    assertThatThrownBy(() -> parser().parse("route: {receiver: r}\nreceivers: [{name: r}]"))
        .hasMessageContaining("has no channel");
  }

  @Test
  void durationsAcceptMillisecondsSecondsMinutesAndHours() {
    assertThat(NotifyConfigParser.duration("f", "250ms", null)).isEqualTo(Duration.ofMillis(250));
    assertThat(NotifyConfigParser.duration("f", "1h", null)).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> NotifyConfigParser.duration("delivery.timeout", "ten", null))
        .hasMessageContaining("delivery.timeout");
  }
}

package io.kubernaut.http.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.ports.notification.DeliveryResult;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.notification.RenderedMessage;
import java.util.Map;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each HTTP channel against a local endpoint that checks the exact payload shape. */
class ChannelPayloadTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final RecordingServer server = RecordingServer.start();
  private final HttpPoster poster = new HttpPoster(HttpClient.newHttpClient(), JSON, new TestRedactor());

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode body() throws Exception {
    RecordingServer.Request r = server.next();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    return JSON.readTree(r.body());
  }

  @Test
  void slackGetsBlockKitWithHeaderSectionFactFieldsAndKubectlContext() throws Exception {
    DeliveryResult result = new SlackChannel(poster, server.url("/services/T/B/x"), TIMEOUT)
        .deliver(Messages.of(NotificationType.APPROVAL_NEEDED));
    JsonNode p = body();
    assertThat(result.delivered()).isTrue();
    assertThat(p.get("text").asText()).isEqualTo("Approval Required: KubePodCrashLooping (" + Messages.AR + ")");
    JsonNode blocks = p.get("blocks");
    assertThat(blocks).hasSize(4);
    assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
    assertThat(blocks.get(0).at("/text/type").asText()).isEqualTo("plain_text");
    assertThat(blocks.get(1).at("/text/type").asText()).isEqualTo("mrkdwn");
    assertThat(blocks.get(1).at("/text/text").asText()).contains("&lt;now&gt; &amp; here");
    assertThat(blocks.get(2).get("fields")).hasSize(4);
    assertThat(blocks.get(2).get("fields").get(0).get("text").asText()).isEqualTo("*Tracking id*\n" + Messages.AR);
    assertThat(blocks.get(3).get("type").asText()).isEqualTo("context");
    assertThat(blocks.get(3).at("/elements/0/text").asText())
        .isEqualTo("`kubectl describe ar " + Messages.AR + " -n kubernaut-system`");
  }

  @Test
  void teamsGetsOneAdaptiveCardAttachmentWithAFactSet() throws Exception {
    new TeamsChannel(poster, server.url("/webhook"), TIMEOUT).deliver(Messages.of(NotificationType.FAILED));
    JsonNode p = body();
    assertThat(p.get("type").asText()).isEqualTo("message");
    assertThat(p.get("attachments")).hasSize(1);
    JsonNode attachment = p.get("attachments").get(0);
    assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(attachment.get("contentUrl").isNull()).isTrue();
    JsonNode card = attachment.get("content");
    assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.get("version").asText()).isEqualTo("1.4");
    assertThat(card.get("$schema").asText()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
    List<String> types = card.get("body").findValuesAsText("type");
    assertThat(types).containsExactly("TextBlock", "TextBlock", "FactSet", "TextBlock");
    assertThat(card.at("/body/2/facts/0/title").asText()).isEqualTo("Tracking id");
    assertThat(card.at("/body/2/facts/0/value").asText()).isEqualTo(Messages.AR);
    assertThat(card.at("/body/3/text").asText()).startsWith("kubectl describe ar ");
  }

  @Test
  void pagerDutyTriggersWithTheRemediationIdAsDedupKey() throws Exception {
    server.answer(new RecordingServer.Answer(202, "{\"status\":\"success\"}", java.util.Map.of(), 0));
    DeliveryResult result = new PagerDutyChannel(poster, server.url("/v2/enqueue"), "R0UT1NGKEY", TIMEOUT)
        .deliver(Messages.of(NotificationType.TIMED_OUT));
    JsonNode p = body();
    assertThat(result.delivered()).isTrue();
    assertThat(p.get("routing_key").asText()).isEqualTo("R0UT1NGKEY");
    assertThat(p.get("event_action").asText()).isEqualTo("trigger");
    assertThat(p.get("dedup_key").asText()).isEqualTo(Messages.AR);
    assertThat(p.at("/payload/summary").asText()).contains(Messages.AR);
    assertThat(p.at("/payload/severity").asText()).isEqualTo("critical");
    assertThat(p.at("/payload/source").asText()).isEqualTo("shop-prod");
    assertThat(p.at("/payload/custom_details/kubectl").asText()).startsWith("kubectl describe ar");
    assertThat(p.at("/payload/custom_details/Fingerprint").asText()).isEqualTo(Messages.FP);
  }

  /**
   * Text from the alert (its name in the title, a fact) shows as written in a Teams card, never as a link or a style:
   * an alert named as a Markdown link showed a clickable "Approve" inside a real approval request.
   */
  @Test
  void teamsShowsMarkdownInTheAlertsTextAsWritten() {
    RenderedMessage base = Messages.of(NotificationType.APPROVAL_NEEDED);
    RenderedMessage hostile = new RenderedMessage(base.type(), base.trackingId(), base.fingerprint(), base.environment(),
        base.severity(), base.namespace(), base.phase(), "Approval Required: [Approve](https://evil.example/sso)",
        "**Urgent** <https://evil.example>", List.of(new io.kubernaut.ports.notification.RenderedMessage.Fact("Alert",
            "_x_ `y` ~z~ #h")), base.kubectlHint(), base.idempotencyKey());

    Map<String, Object> card = TeamsChannel.payload(hostile);
    String json = JSON.valueToTree(card).toString();
    JsonNode body = JSON.valueToTree(card).at("/attachments/0/content/body");

    assertThat(body.at("/0/text").asText()).isEqualTo("Approval Required: \\[Approve\\]\\(https://evil.example/sso\\)");
    assertThat(body.at("/1/text").asText()).isEqualTo("\\*\\*Urgent\\*\\* \\<https://evil.example\\>");
    assertThat(body.at("/2/facts/0/value").asText()).isEqualTo("\\_x\\_ \\`y\\` \\~z\\~ \\#h");
    assertThat(json).doesNotContain("[Approve](");
  }

  /**
   * A message posted through the notify API keys an incident of its own: with the remediation's name, a COMPLETED post
   * resolved the incident the operator had opened for that remediation.
   */
  @Test
  void aPagerDutyEventPostedThroughTheApiNeverTouchesTheOperatorsIncident() {
    RenderedMessage operators = Messages.of(NotificationType.COMPLETED);
    RenderedMessage posted = new RenderedMessage(operators.type(), operators.trackingId(), operators.fingerprint(),
        operators.environment(), operators.severity(), operators.namespace(), operators.phase(), operators.title(),
        operators.text(), operators.facts(), operators.kubectlHint(),
        io.kubernaut.ports.notification.Notification.POSTED_KEYS + operators.idempotencyKey());

    assertThat(PagerDutyChannel.payload(operators, "K").get("dedup_key")).isEqualTo(Messages.AR);
    assertThat(PagerDutyChannel.payload(posted, "K").get("dedup_key")).isEqualTo("api:" + Messages.AR);
  }

  /**
   * A trigger that reaches the channel after its remediation's incident was resolved (a retry of a first attempt that
   * failed while the resolve went through) is not sent: it would open an incident nothing resolves any more.
   */
  @Test
  void aTriggerRetriedAfterItsIncidentWasResolvedIsNotSent() {
    server.answer(202, 202, 202);
    PagerDutyChannel channel = new PagerDutyChannel(poster, server.url("/v2/enqueue"), "R0UT1NGKEY", TIMEOUT);
    RenderedMessage storm = Messages.of(NotificationType.STORM);
    RenderedMessage other = new RenderedMessage(storm.type(), "other-remediation", storm.fingerprint(),
        storm.environment(), storm.severity(), storm.namespace(), storm.phase(), storm.title(), storm.text(),
        storm.facts(), storm.kubectlHint(), "STORM:other-remediation");

    assertThat(channel.deliver(Messages.of(NotificationType.COMPLETED)).delivered()).isTrue();
    DeliveryResult late = channel.deliver(storm);
    DeliveryResult unrelated = channel.deliver(other);

    assertThat(late.delivered()).isFalse();
    assertThat(late.retryable()).isFalse();
    assertThat(late.detail()).contains("was resolved after this message was queued");
    assertThat(unrelated.delivered()).as("another remediation's incident").isTrue();
    assertThat(server.all()).hasSize(2);
  }

  @Test
  void pagerDutyResolvesTheIncidentWhenTheRemediationCompleted() throws Exception {
    new PagerDutyChannel(poster, server.url("/v2/enqueue"), "R0UT1NGKEY", TIMEOUT)
        .deliver(Messages.of(NotificationType.COMPLETED));
    JsonNode p = body();
    assertThat(p.get("event_action").asText()).isEqualTo("resolve");
    assertThat(p.get("dedup_key").asText()).isEqualTo(Messages.AR);
    assertThat(p.has("payload")).isFalse();
  }

  @Test
  void genericWebhookGetsTheFlatMessageAndTheBearerToken() throws Exception {
    new WebhookChannel(poster, server.url("/hook"), Optional.of("t0k"), TIMEOUT)
        .deliver(Messages.of(NotificationType.BLOCKED));
    RecordingServer.Request r = server.next();
    assertThat(r.header("Authorization")).isEqualTo("Bearer t0k");
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("type").asText()).isEqualTo("BLOCKED");
    assertThat(p.get("trackingId").asText()).isEqualTo(Messages.AR);
    assertThat(p.get("fingerprint").asText()).isEqualTo(Messages.FP);
    assertThat(p.get("environment").asText()).isEqualTo("production");
    assertThat(p.get("phase").asText()).isEqualTo("AwaitingApproval");
    assertThat(p.at("/facts/Tracking id").asText()).isEqualTo(Messages.AR);
    assertThat(p.get("kubectlHint").asText()).isEqualTo("kubectl describe ar " + Messages.AR + " -n kubernaut-system");
    assertThat(p.get("idempotencyKey").asText()).isEqualTo("BLOCKED:" + Messages.AR);
  }

  @Test
  void logChannelAlwaysDelivers() {
    assertThat(new LogChannel(false).deliver(Messages.of(NotificationType.STORM)).delivered()).isTrue();
  }
}

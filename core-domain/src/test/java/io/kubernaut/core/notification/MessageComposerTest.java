package io.kubernaut.core.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.notification.RenderedMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageComposerTest {

  private static final String FP = "3f1a9c0e5b7d2e4f6a8c0b1d3e5f7a9c1b3d5e7f9a1c3e5b7d9f1a3c5e7b9d1f";

  private final MessageComposer composer = new MessageComposer("kubernaut-system", new SecretRedactor());

  private RenderedMessage compose(NotificationType type, Map<String, String> details) {
    return composer.compose(Notification.of(type, "kubepodcrashlooping-125bbce990", FP, "production", "critical",
        "shop-prod", "Executing", "Pod checkout is crash-looping", "", details));
  }

  private static String everything(RenderedMessage m) {
    return m.title() + "\n" + m.text() + "\n" + m.facts() + "\n" + m.kubectlHint();
  }

  @Test
  void everyMessageCarriesTrackingIdFingerprintEnvironmentPhaseAndKubectlHint() {
    for (NotificationType type : NotificationType.values()) {
      RenderedMessage m = compose(type, Map.of());
      assertThat(m.trackingId()).isEqualTo("kubepodcrashlooping-125bbce990");
      assertThat(m.facts()).extracting(RenderedMessage.Fact::label)
          .contains("Tracking id", "Fingerprint", "Environment", "Phase");
      assertThat(m.facts()).extracting(RenderedMessage.Fact::value).contains(FP, "production", "Executing");
      assertThat(m.kubectlHint()).isEqualTo("kubectl describe ar kubepodcrashlooping-125bbce990 -n kubernaut-system");
    }
  }

  @Test
  void approvalNeededExplainsHowToApproveWithTheKubectlPluginWhichNamesTheDecider() {
    assertThat(compose(NotificationType.APPROVAL_NEEDED, Map.of()).text()).contains(
        "kubectl kubernaut approve kubepodcrashlooping-125bbce990 -n kubernaut-system",
        "kubectl kubernaut reject kubepodcrashlooping-125bbce990 -n kubernaut-system --reason TEXT")
        .doesNotContain("kubectl annotate");
  }

  @Test
  void timedOutNamesThePhaseAndTheDuration() {
    RenderedMessage m = compose(NotificationType.TIMED_OUT, Map.of("timeoutPhase", "Analyzing", "duration", "10m"));
    assertThat(m.text()).contains("timed out in phase Analyzing after 10m");
    assertThat(m.facts()).contains(new RenderedMessage.Fact("Timeout duration", "10m"));
  }

  @Test
  void blockedSaysWhy() {
    assertThat(compose(NotificationType.BLOCKED, Map.of("reason", "ConsecutiveFailures")).text())
        .contains("is blocked: ConsecutiveFailures");
  }

  @Test
  void stormGivesTheCountAndTheWindow() {
    assertThat(compose(NotificationType.STORM, Map.of("count", "57", "window", "1m")).text())
        .contains("57 alerts within 1m");
  }

  @Test
  void failedCompletedAndManualReviewEachHaveTheirOwnText() {
    assertThat(compose(NotificationType.FAILED, Map.of("failurePhase", "Executing", "reason", "rollout stuck")).text())
        .contains("failed in phase Executing: rollout stuck");
    assertThat(compose(NotificationType.COMPLETED, Map.of()).text()).contains("completed");
    assertThat(compose(NotificationType.MANUAL_REVIEW, Map.of("reason", "low confidence")).text())
        .contains("needs a manual review: low confidence");
  }

  @Test
  void aRemediationThatEndedWithoutFixingTheProblemSaysSoAndNeverThatNoActionIsNeeded() {
    String text = composer.compose(Notification.of(NotificationType.FAILED, "ar-1", FP, "production", "critical",
        "shop-prod", "Completed", "FAILED: KubePodCrashLooping on checkout", "", Map.of("reason", "NotRemediated")))
        .text();

    assertThat(text).startsWith("Remediation ar-1 ran but did not fix the problem (outcome NotRemediated). Investigate")
        .doesNotContain("No action is needed").doesNotContain("in phase Completed");
  }

  @Test
  void secretsInTitleBodyAndDetailsAreRedactedBeforeAnyChannelSeesThem() {
    RenderedMessage m = composer.compose(Notification.of(NotificationType.CUSTOM, "ar-1", FP, "production", "critical",
        "shop-prod", "Executing", "login with password=hunter2", "the body says password=hunter2 too",
        Map.of("note", "token: abcdef123456")));
    assertThat(everything(m)).doesNotContain("hunter2").doesNotContain("abcdef123456").contains("[REDACTED]");
  }

  @Test
  void extraDetailsAreShownAsFacts() {
    assertThat(compose(NotificationType.CUSTOM, Map.of("runbook", "https://runbooks/x")).facts())
        .contains(new RenderedMessage.Fact("runbook", "https://runbooks/x"));
  }

  @Test
  void idempotencyKeyIncludesTheThresholdSoANewThresholdNotifiesAgain() {
    Notification first = Notification.of(NotificationType.TIMED_OUT, "ar-1", FP, "", "", "", "", "t", "",
        Map.of("threshold", "Analyzing"));
    Notification replay = Notification.of(NotificationType.TIMED_OUT, "ar-1", FP, "", "", "", "", "t", "",
        Map.of("threshold", "Analyzing"));
    Notification next = Notification.of(NotificationType.TIMED_OUT, "ar-1", FP, "", "", "", "", "t", "",
        Map.of("threshold", "global"));
    assertThat(replay.idempotencyKey()).isEqualTo(first.idempotencyKey());
    assertThat(next.idempotencyKey()).isNotEqualTo(first.idempotencyKey());
  }
}

package io.kubernaut.http.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kubernaut.ports.notification.DeliveryResult;
import io.kubernaut.ports.notification.NotificationType;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Email over SMTP against GreenMail in the same JVM. */
class SmtpChannelTest {

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("kubernaut", "s3cret"));

  private SmtpChannel channel(int port, Optional<String> user, Optional<String> password) throws Exception {
    return new SmtpChannel(new SmtpChannel.Settings("127.0.0.1", port, false, false, user, password,
        "kubernaut@example.com", List.of("sre@example.com", "oncall@example.com")), Duration.ofSeconds(2),
        new TestRedactor());
  }

  @Test
  void sendsAPlainTextMailWithTitleTrackingIdFactsAndKubectlHintToEveryRecipient() throws Exception {
    DeliveryResult r = channel(MAIL.getSmtp().getPort(), Optional.of("kubernaut"), Optional.of("s3cret"))
        .deliver(Messages.of(NotificationType.APPROVAL_NEEDED));
    assertThat(r.delivered()).as(r.detail()).isTrue();
    MimeMessage[] received = MAIL.getReceivedMessages();
    assertThat(received).hasSize(2);
    MimeMessage m = received[0];
    assertThat(m.getSubject()).isEqualTo("[Kubernaut] Approval Required: KubePodCrashLooping (" + Messages.AR + ")");
    assertThat(m.getFrom()[0].toString()).isEqualTo("kubernaut@example.com");
    assertThat(m.getHeader("X-Kubernaut-Tracking-Id")[0]).isEqualTo(Messages.AR);
    String body = GreenMailUtil.getBody(m);
    assertThat(body).contains("Tracking id: " + Messages.AR).contains("Fingerprint: " + Messages.FP)
        .contains("kubectl describe ar " + Messages.AR + " -n kubernaut-system");
  }

  @Test
  void wrongCredentialsArePermanent() throws Exception {
    DeliveryResult r = channel(MAIL.getSmtp().getPort(), Optional.of("kubernaut"), Optional.of("wrong"))
        .deliver(Messages.of(NotificationType.FAILED));
    assertThat(r.outcome()).isEqualTo(DeliveryResult.Outcome.PERMANENT_FAILURE);
    assertThat(r.detail()).doesNotContain("wrong");
  }

  @Test
  void anUnreachableServerIsTransient() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    DeliveryResult r = channel(port, Optional.empty(), Optional.empty()).deliver(Messages.of(NotificationType.FAILED));
    assertThat(r.outcome()).as(r.detail()).isEqualTo(DeliveryResult.Outcome.TRANSIENT_FAILURE);
  }
}

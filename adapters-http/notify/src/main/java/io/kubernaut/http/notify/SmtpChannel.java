package io.kubernaut.http.notify;

import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.ports.notification.DeliveryResult;
import io.kubernaut.ports.notification.RenderedMessage;
import io.kubernaut.ports.out.NotificationChannel;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Email over SMTP with Angus Mail: a plain-text message per notification. SMTP 4xx replies and
 * connection faults are transient; 5xx replies, rejected addresses and failed authentication are
 * permanent.
 */
final class SmtpChannel implements NotificationChannel {

  /** Server, sender and recipients; credentials resolved. */
  record Settings(String host, int port, boolean startTls, boolean ssl, Optional<String> username,
      Optional<String> password, String from, List<String> to) {}

  private final Settings settings;
  private final Session session;
  private final InternetAddress from;
  private final InternetAddress[] to;
  private final RedactSecrets redactor;

  SmtpChannel(Settings settings, Duration timeout, RedactSecrets redactor) throws AddressException {
    this.settings = settings;
    this.redactor = redactor;
    this.from = new InternetAddress(settings.from(), true);
    this.to = new InternetAddress[settings.to().size()];
    for (int i = 0; i < to.length; i++) {
      to[i] = new InternetAddress(settings.to().get(i), true);
    }
    Properties p = new Properties();
    String proto = settings.ssl() ? "smtps" : "smtp";
    p.put("mail.transport.protocol", proto);
    p.put("mail." + proto + ".host", settings.host());
    p.put("mail." + proto + ".port", Integer.toString(settings.port()));
    p.put("mail." + proto + ".connectiontimeout", Long.toString(timeout.toMillis()));
    p.put("mail." + proto + ".timeout", Long.toString(timeout.toMillis()));
    p.put("mail." + proto + ".writetimeout", Long.toString(timeout.toMillis()));
    p.put("mail." + proto + ".auth", Boolean.toString(settings.username().isPresent()));
    p.put("mail.smtp.starttls.enable", Boolean.toString(settings.startTls()));
    p.put("mail.smtp.starttls.required", Boolean.toString(settings.startTls()));
    this.session = Session.getInstance(p);
  }

  @Override
  public String kind() {
    return "email";
  }

  /** How it connects. */
  Settings settings() {
    return settings;
  }

  @Override
  public DeliveryResult deliver(RenderedMessage m) {
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(from);
      message.setRecipients(Message.RecipientType.TO, to);
      message.setSubject("[Kubernaut] " + m.title() + " (" + m.trackingId() + ")", StandardCharsets.UTF_8.name());
      message.setText(body(m), StandardCharsets.UTF_8.name());
      message.setHeader("X-Kubernaut-Tracking-Id", m.trackingId());
      try (Transport transport = session.getTransport()) {
        transport.connect(settings.host(), settings.port(), settings.username().orElse(null),
            settings.password().orElse(null));
        message.saveChanges();
        transport.sendMessage(message, message.getAllRecipients());
      }
      return DeliveryResult.delivered("accepted by " + settings.host());
    } catch (AuthenticationFailedException e) {
      return DeliveryResult.permanentFailure("SMTP authentication failed.");
    } catch (SMTPSendFailedException e) {
      return byReplyCode(e.getReturnCode(), e);
    } catch (SMTPAddressFailedException e) {
      return byReplyCode(e.getReturnCode(), e);
    } catch (SendFailedException e) {
      return DeliveryResult.permanentFailure("SMTP refused the message: " + detail(e));
    } catch (MessagingException e) {
      return e.getNextException() instanceof IOException || e.getCause() instanceof IOException
          ? DeliveryResult.transientFailure("SMTP server unreachable: " + detail(e))
          : DeliveryResult.permanentFailure("SMTP failure: " + detail(e));
    }
  }

  private DeliveryResult byReplyCode(int code, MessagingException e) {
    String what = "SMTP " + code + ": " + detail(e);
    return code >= 400 && code < 500 ? DeliveryResult.transientFailure(what) : DeliveryResult.permanentFailure(what);
  }

  private String detail(MessagingException e) {
    return redactor.redact(String.valueOf(e.getMessage()).strip());
  }

  static String body(RenderedMessage m) {
    StringBuilder sb = new StringBuilder();
    sb.append(m.title()).append("\n\n");
    if (!m.text().isBlank()) {
      sb.append(m.text()).append("\n\n");
    }
    m.facts().forEach(f -> sb.append(f.label()).append(": ").append(f.value()).append('\n'));
    sb.append('\n').append(m.kubectlHint()).append('\n');
    return sb.toString();
  }
}

package io.kubernaut.http.notify;

import static io.kubernaut.http.notify.Secrets.blank;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.notify.NotifyConfigDocument.Email;
import io.kubernaut.http.notify.NotifyConfigDocument.Receiver;
import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.ports.out.NotificationChannel;
import jakarta.mail.internet.AddressException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Builds the channels of a receiver from its config, resolving credentials through {@link Secrets}. */
final class ChannelFactory {

  private final HttpPoster poster;
  private final Secrets secrets;
  private final RedactSecrets redactor;

  ChannelFactory(HttpClient client, ObjectMapper json, RedactSecrets redactor, Secrets secrets) {
    this.poster = new HttpPoster(client, json, redactor);
    this.secrets = secrets;
    this.redactor = redactor;
  }

  ReceiverConfig receiver(String path, Receiver r, Duration timeout) {
    if (r == null || blank(r.name())) {
      throw new IllegalArgumentException(path + ".name is required.");
    }
    String name = r.name().trim();
    List<ReceiverConfig.NamedChannel> out = new ArrayList<>();
    add(out, name, path + ".slackConfigs", r.slackConfigs(), (p, c) -> new SlackChannel(poster,
        url(p + ".url", secrets.inlineOrRef(p + ".url", c.url(), p + ".urlFrom", c.urlFrom())), timeout));
    add(out, name, path + ".teamsConfigs", r.teamsConfigs(), (p, c) -> new TeamsChannel(poster,
        url(p + ".url", secrets.inlineOrRef(p + ".url", c.url(), p + ".urlFrom", c.urlFrom())), timeout));
    add(out, name, path + ".pagerdutyConfigs", r.pagerdutyConfigs(), (p, c) -> new PagerDutyChannel(poster,
        blank(c.url()) ? PagerDutyChannel.EVENTS_V2 : url(p + ".url", c.url()),
        secrets.resolve(p + ".routingKeyFrom", c.routingKeyFrom()), timeout));
    add(out, name, path + ".emailConfigs", r.emailConfigs(), (p, c) -> email(p, c, timeout));
    add(out, name, path + ".webhookConfigs", r.webhookConfigs(), (p, c) -> new WebhookChannel(poster,
        url(p + ".url", secrets.inlineOrRef(p + ".url", c.url(), p + ".urlFrom", c.urlFrom())),
        c.bearerTokenFrom() == null ? Optional.empty()
            : Optional.of(secrets.resolve(p + ".bearerTokenFrom", c.bearerTokenFrom())), timeout));
    add(out, name, path + ".logConfigs", r.logConfigs(), (p, c) -> new LogChannel(
        c != null && "warn".equalsIgnoreCase(String.valueOf(c.level()).toLowerCase(Locale.ROOT))));
    if (out.isEmpty()) {
      throw new IllegalArgumentException(path + " (" + name + ") has no channel: add slackConfigs, teamsConfigs, "
          + "pagerdutyConfigs, emailConfigs, webhookConfigs or logConfigs.");
    }
    return new ReceiverConfig(name, List.copyOf(out));
  }

  private interface Builder<C> {
    NotificationChannel build(String path, C config);
  }

  private static <C> void add(List<ReceiverConfig.NamedChannel> out, String receiver, String path, List<C> configs,
      Builder<C> builder) {
    if (configs == null) {
      return;
    }
    for (int i = 0; i < configs.size(); i++) {
      NotificationChannel channel = builder.build(path + "[" + i + "]", configs.get(i));
      out.add(new ReceiverConfig.NamedChannel(receiver + "/" + channel.kind() + "[" + i + "]", channel));
    }
  }

  private NotificationChannel email(String p, Email c, Duration timeout) {
    if (c == null || blank(c.host())) {
      throw new IllegalArgumentException(p + ".host is required.");
    }
    if (blank(c.from()) || c.to() == null || c.to().isEmpty()) {
      throw new IllegalArgumentException(p + ".from and " + p + ".to are required.");
    }
    Optional<String> user = blank(c.username()) && c.usernameFrom() == null ? Optional.empty()
        : Optional.of(secrets.inlineOrRef(p + ".username", c.username(), p + ".usernameFrom", c.usernameFrom()));
    Optional<String> password = c.passwordFrom() == null ? Optional.empty()
        : Optional.of(secrets.resolve(p + ".passwordFrom", c.passwordFrom()));
    boolean ssl = Boolean.TRUE.equals(c.ssl());
    int port = c.port() == null ? (ssl ? 465 : 587) : c.port();
    // Without implicit TLS, STARTTLS is required unless turned off: on 587 a password would otherwise go in
    // clear, or the server would answer 530 (STARTTLS first), a permanent failure that loses the message.
    boolean startTls = c.startTls() == null ? !ssl : c.startTls();
    try {
      return new SmtpChannel(new SmtpChannel.Settings(c.host().trim(), port, startTls, ssl,
          user, password, c.from(), c.to()), timeout, redactor);
    } catch (AddressException e) {
      throw new IllegalArgumentException(p + " has an invalid address: " + e.getMessage() + ".", e);
    }
  }

  /** A URL; its text is a secret for webhooks, so errors never quote it. */
  private static URI url(String field, String value) {
    Function<String, IllegalArgumentException> bad = why -> new IllegalArgumentException(field + " " + why);
    try {
      URI uri = URI.create(value.trim());
      if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
        throw bad.apply("must be an http(s) URL.");
      }
      if (uri.getHost() == null) {
        throw bad.apply("has no host.");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith(field) ? e : bad.apply("is not a valid URL.");
    }
  }
}

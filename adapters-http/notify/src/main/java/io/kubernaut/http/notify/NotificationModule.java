package io.kubernaut.http.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import io.kubernaut.ports.in.CompileRoutes;
import io.kubernaut.ports.in.ComposeMessage;
import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.out.DeliveryRecorder;
import io.kubernaut.ports.out.NotificationRouting;
import io.kubernaut.ports.out.Notifier;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import javax.inject.Singleton;

/**
 * The notification adapter's one public Dagger module.
 *
 * <p>Provides {@link Notifier} (asynchronous, idempotent, routed; its {@code submit} receipt is
 * what {@code POST /api/v1/notify} answers), {@link NotificationRouting} (the reload entry point
 * for a ConfigMap watcher) and {@link DeliveryRecorder} (attempts to the audit trail).
 *
 * <p>Needs {@link NotificationSettings}, the core's {@link ComposeMessage}, {@link CompileRoutes}
 * and {@link RedactSecrets}, an {@link AuditTrail}, the {@link PrometheusMeterRegistry} and a
 * {@link Clock}.
 */
@Module
public abstract class NotificationModule {

  /** The config used when {@code KUBERNAUT_NOTIFY_CONFIG} is unset: everything to the log. */
  static final String LOG_ONLY = """
      route:
        receiver: log
      receivers:
        - name: log
          logConfigs: [{}]
      """;

  private NotificationModule() {}

  @Binds
  abstract NotificationRouting routing(LiveRouting routing);

  @Provides
  @Singleton
  static DeliveryRecorder deliveryRecorder(AuditTrail trail) {
    return new AuditDeliveryRecorder(trail);
  }

  @Provides
  @Singleton
  static LiveRouting liveRouting(NotificationSettings settings, RedactSecrets redactor, CompileRoutes compiler,
      DeliveryRecorder recorder, PrometheusMeterRegistry registry, Clock clock) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).build();
    // The channels post maps of strings, lists and booleans: Jackson's defaults write them as they are.
    ChannelFactory channels = new ChannelFactory(client, new ObjectMapper(), redactor,
        new Secrets(settings.environment()));
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "notify-retries");
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    SecureRandom random = new SecureRandom();
    ChannelLane.Shared shared = new ChannelLane.Shared(scheduler, recorder, new NotificationMetrics(registry), clock,
        random::nextDouble);
    return new LiveRouting(new NotifyConfigParser(channels), compiler, shared, clock, yaml(settings));
  }

  @Provides
  @Singleton
  static Notifier notifier(LiveRouting routing, ComposeMessage composer, PrometheusMeterRegistry registry) {
    return new AsyncNotifier(routing, composer, new NotificationMetrics(registry));
  }

  /**
   * Reads {@code yaml} as the operator would (strict keys, receivers, credentials resolved from
   * {@code environment}, the route tree compiled) without starting anything, so a config can be
   * checked before it is deployed; an {@link IllegalArgumentException} names the faulty key.
   */
  public static void check(String yaml, java.util.function.UnaryOperator<String> environment, CompileRoutes compiler) {
    ChannelFactory channels = new ChannelFactory(HttpClient.newBuilder().build(), new ObjectMapper(), text -> text,
        new Secrets(environment));
    NotifyConfig config = new NotifyConfigParser(channels).parse(yaml);
    compiler.compile(config.route(), config.receivers().stream().map(ReceiverConfig::name)
        .collect(java.util.stream.Collectors.toSet()));
  }

  private static String yaml(NotificationSettings settings) {
    if (settings.configFile().isEmpty()) {
      return LOG_ONLY;
    }
    Path file = settings.configFile().get();
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("KUBERNAUT_NOTIFY_CONFIG names " + file + ", which cannot be read ("
          + e.getClass().getSimpleName() + ").", e);
    }
  }
}

package io.kubernaut.http.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The notification config YAML, field for field (see docs/notifications.md). These
 * records only carry what was written; {@link NotifyConfigParser} validates and resolves them.
 */
final class NotifyConfigDocument {

  private NotifyConfigDocument() {}

  record Root(Delivery delivery, Route route, List<Receiver> receivers) {}

  record Delivery(Integer queueCapacity, Integer maxAttempts, String initialBackoff, String maxBackoff,
      String timeout, Breaker breaker, Integer dedupCapacity) {}

  record Breaker(Integer failureThreshold, String openFor, Integer closeAfter) {}

  record Route(Map<String, String> match, Map<String, String> matchRe, String receiver,
      @JsonProperty("continue") Boolean continueMatching, List<Route> routes) {}

  /** Where a secret comes from: an environment variable, or a file (a mounted Secret key). */
  record SecretRef(String env, String file) {}

  record Receiver(String name, List<Slack> slackConfigs, List<Teams> teamsConfigs,
      List<PagerDuty> pagerdutyConfigs, List<Email> emailConfigs, List<Webhook> webhookConfigs,
      List<Log> logConfigs) {}

  record Slack(String url, SecretRef urlFrom) {}

  record Teams(String url, SecretRef urlFrom) {}

  record PagerDuty(String url, SecretRef routingKeyFrom) {}

  record Email(String host, Integer port, Boolean startTls, Boolean ssl, String username, SecretRef usernameFrom,
      SecretRef passwordFrom, String from, List<String> to) {}

  record Webhook(String url, SecretRef urlFrom, SecretRef bearerTokenFrom) {}

  record Log(String level) {}
}

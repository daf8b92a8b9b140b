package io.kubernaut.http.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's webhook body, version 4, with its JSON names exactly. Unknown fields are ignored.
 * Never leaves this module: {@link SignalMapper} turns it into {@code ports} records.
 */
record AlertmanagerWebhook(
    String version,
    String groupKey,
    Long truncatedAlerts,
    String status,
    String receiver,
    Map<String, String> groupLabels,
    Map<String, String> commonLabels,
    Map<String, String> commonAnnotations,
    String externalURL,
    @JsonProperty("notification_reason") String notificationReason,
    Map<String, String> routeLabels,
    List<Alert> alerts) {

  /** One alert of the webhook. */
  record Alert(
      String status,
      Map<String, String> labels,
      Map<String, String> annotations,
      String startsAt,
      String endsAt,
      String generatorURL,
      String fingerprint) {}
}

package io.kubernaut.http.api.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationReceipt;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.out.Notifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/notify}: hands a notification to the {@link Notifier} port and answers its
 * receipt, {@code 202 {"deliveryId", "duplicate", "receivers"}}, at once (delivery is
 * asynchronous). Authenticated by the {@code /api/*} filter; every invalid field is named in a 400
 * problem.
 */
final class NotifyRoutes implements RouteGroup {

  static final String PATH = "/api/v1/notify";
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  /** The request body. */
  record NotifyRequest(String type, String remediation, String fingerprint, String environment, String severity,
      String namespace, String phase, String title, String body, Map<String, String> details,
      String idempotencyKey) {}

  private final Notifier notifier;
  private final ObjectMapper json;

  /** How long a sender waits before retrying a notification no channel could queue. */
  static final int RETRY_AFTER_SECONDS = 5;

  NotifyRoutes(Notifier notifier, ObjectMapper json) {
    this.notifier = notifier;
    this.json = json;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.post(PATH, this::notify, RequiredPermission.of(Permission.NOTIFICATIONS_CREATE));
  }

  private void notify(Context ctx) {
    Notification notification = toNotification(read(ctx));
    NotificationReceipt s;
    try {
      s = notifier.submit(notification);
    } catch (RetryableException e) {
      throw HttpProblem.unavailable(e.getMessage(), RETRY_AFTER_SECONDS);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("deliveryId", s.deliveryId());
    answer.put("duplicate", s.duplicate());
    answer.put("receivers", s.receivers());
    ctx.status(202).json(answer);
  }

  private NotifyRequest read(Context ctx) {
    String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    if (!contentType.startsWith("application/json")) {
      throw HttpProblem.of(415, "Unsupported Media Type",
          "The body must be JSON sent as Content-Type: application/json.", List.of());
    }
    try {
      NotifyRequest r = json.readValue(ctx.bodyAsBytes(), NotifyRequest.class);
      if (r == null) {
        throw bad(List.of("The body is JSON null; send an object with at least 'type' and 'remediation'."));
      }
      return r;
    } catch (JsonProcessingException e) {
      throw bad(List.of("The body is not a valid notification: " + e.getOriginalMessage()));
    } catch (IOException e) {
      throw bad(List.of("The body could not be read."));
    }
  }

  /** Validates the request and builds the notification; 400 naming every faulty field. */
  static Notification toNotification(NotifyRequest r) {
    List<String> errors = new ArrayList<>();
    NotificationType type = null;
    if (blank(r.type())) {
      errors.add("Field 'type' is required: one of " + types() + ".");
    } else {
      try {
        type = NotificationType.valueOf(r.type().trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        errors.add("Field 'type' must be one of " + types() + ", got '" + r.type() + "'.");
      }
    }
    if (blank(r.remediation())) {
      errors.add("Field 'remediation' is required: the AlertRemediation name (the tracking id).");
    } else if (!NAME.matcher(r.remediation()).matches()) {
      errors.add("Field 'remediation' must be a Kubernetes object name (lower-case letters, digits, '-' and '.').");
    }
    if (r.fingerprint() != null && !r.fingerprint().isEmpty() && !r.fingerprint().matches("[0-9a-f]{64}")) {
      errors.add("Field 'fingerprint' must be 64 lower-case hex characters when given.");
    }
    if (r.details() != null) {
      r.details().forEach((k, v) -> {
        if (k == null || k.isBlank() || v == null) {
          errors.add("Field 'details" + (k == null || k.isBlank() ? "' has a blank key" : "." + k + "' is null")
              + "; details are named strings.");
        } else if (k.length() > MAX_DETAIL_KEY || v.length() > MAX_DETAIL_VALUE) {
          errors.add("Field 'details." + k.substring(0, Math.min(k.length(), 32)) + "' is too long: names of at most "
              + MAX_DETAIL_KEY + " characters, values of at most " + MAX_DETAIL_VALUE + ".");
        }
      });
      if (r.details().size() > MAX_DETAILS) {
        errors.add("Field 'details' has " + r.details().size() + " entries; at most " + MAX_DETAILS + ".");
      }
    }
    tooLong(errors, "idempotencyKey", r.idempotencyKey(), MAX_KEY);
    tooLong(errors, "title", r.title(), MAX_TITLE);
    tooLong(errors, "body", r.body(), MAX_BODY);
    if (!errors.isEmpty()) {
      throw bad(errors);
    }
    String title = blank(r.title()) ? display(type) + ": " + r.remediation() : r.title();
    Map<String, String> details = r.details() == null ? Map.of() : r.details();
    Notification n = Notification.of(type, r.remediation(), r.fingerprint(), r.environment(), r.severity(),
        r.namespace(), r.phase(), title, r.body(), details);
    // The caller's key, or the natural one (remediation, type, threshold); ad-hoc custom messages have none, so each
    // post is a new message. Either lives apart from the operator's own keys ("api:"): a post could otherwise take the
    // key of a notification the operator sends later (APPROVAL_NEEDED:<name>:AwaitingApproval), which would then be
    // answered "duplicate" and never sent.
    String key = !blank(r.idempotencyKey()) ? r.idempotencyKey()
        : type == NotificationType.CUSTOM ? n.idempotencyKey() + ":" + UUID.randomUUID() : n.idempotencyKey();
    return new Notification(type, n.remediationName(), n.fingerprint(), n.environment(), n.severity(), n.namespace(),
        n.phase(), n.title(), n.body(), API_KEYS + key, n.details());
  }

  /** The prefix of every idempotency key of a notification posted through the API. */
  static final String API_KEYS = Notification.POSTED_KEYS;
  static final int MAX_KEY = 236;
  static final int MAX_TITLE = 1024;
  static final int MAX_BODY = 16 * 1024;
  static final int MAX_DETAILS = 64;
  static final int MAX_DETAIL_KEY = 128;
  static final int MAX_DETAIL_VALUE = 1024;

  private static void tooLong(List<String> errors, String field, String value, int max) {
    if (value != null && value.length() > max) {
      errors.add("Field '" + field + "' has " + value.length() + " characters; at most " + max + ".");
    }
  }

  private static HttpProblem bad(List<String> errors) {
    return HttpProblem.of(400, "Bad Request", errors.size() == 1 ? errors.get(0)
        : "The notification has " + errors.size() + " invalid fields.", errors);
  }

  private static String display(NotificationType type) {
    String s = type.name().replace('_', ' ').toLowerCase(Locale.ROOT);
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static List<String> types() {
    return List.of(NotificationType.values()).stream().map(Enum::name).toList();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}

package io.kubernaut.http.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubernaut.http.notify.NotifyConfigDocument.Root;
import io.kubernaut.http.notify.NotifyConfigDocument.Route;
import io.kubernaut.ports.notification.RouteSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the notification config YAML (the file named by {@code KUBERNAUT_NOTIFY_CONFIG}, or the
 * {@code notifications} key of ConfigMap {@code kubernaut-config}) into a {@link NotifyConfig}.
 * Unknown fields are errors, so a typo never silently drops a route. Every error names its field.
 */
final class NotifyConfigParser {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private final ChannelFactory channels;

  NotifyConfigParser(ChannelFactory channels) {
    this.channels = channels;
  }

  /** The config, or an {@link IllegalArgumentException} whose message names the faulty field. */
  NotifyConfig parse(String yaml) {
    Root root = read(yaml);
    if (root.receivers() == null || root.receivers().isEmpty()) {
      throw new IllegalArgumentException("receivers is empty: name at least the default receiver.");
    }
    DeliveryPolicy policy = policy(root.delivery());
    Set<String> names = new HashSet<>();
    List<ReceiverConfig> receivers = new ArrayList<>();
    for (int i = 0; i < root.receivers().size(); i++) {
      ReceiverConfig receiver = channels.receiver("receivers[" + i + "]", root.receivers().get(i), policy.timeout());
      if (!names.add(receiver.name())) {
        throw new IllegalArgumentException("receivers[" + i + "].name '" + receiver.name() + "' is used twice.");
      }
      receivers.add(receiver);
    }
    if (root.route() == null) {
      throw new IllegalArgumentException("route is missing: the root route names the default receiver.");
    }
    return new NotifyConfig(route(root.route()), List.copyOf(receivers), policy);
  }

  private static Root read(String yaml) {
    if (yaml == null || yaml.isBlank()) {
      throw new IllegalArgumentException("The notification config is empty.");
    }
    try {
      Root root = YAML.readValue(yaml, Root.class);
      if (root == null) {
        throw new IllegalArgumentException("The notification config is empty.");
      }
      return root;
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException("Unknown key '" + path(e) + "' in the notification config; the keys read there are "
          + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ".", e);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException("Field '" + path(e) + "' is invalid: " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("The notification config is not valid YAML (line "
          + e.getLocation().getLineNr() + "): " + e.getOriginalMessage(), e);
    }
  }

  private static RouteSpec route(Route r) {
    List<RouteSpec> children = r.routes() == null ? List.of() : r.routes().stream().map(NotifyConfigParser::route).toList();
    return new RouteSpec(r.match(), r.matchRe(), r.receiver(), Boolean.TRUE.equals(r.continueMatching()), children);
  }

  private static DeliveryPolicy policy(NotifyConfigDocument.Delivery d) {
    DeliveryPolicy x = DeliveryPolicy.DEFAULTS;
    if (d == null) {
      return x;
    }
    NotifyConfigDocument.Breaker b = d.breaker();
    return new DeliveryPolicy(
        positive("delivery.queueCapacity", d.queueCapacity(), x.queueCapacity()),
        positive("delivery.maxAttempts", d.maxAttempts(), x.maxAttempts()),
        duration("delivery.initialBackoff", d.initialBackoff(), x.initialBackoff()),
        duration("delivery.maxBackoff", d.maxBackoff(), x.maxBackoff()),
        duration("delivery.timeout", d.timeout(), x.timeout()),
        positive("delivery.breaker.failureThreshold", b == null ? null : b.failureThreshold(), x.failureThreshold()),
        duration("delivery.breaker.openFor", b == null ? null : b.openFor(), x.openFor()),
        positive("delivery.breaker.closeAfter", b == null ? null : b.closeAfter(), x.closeAfter()),
        positive("delivery.dedupCapacity", d.dedupCapacity(), x.dedupCapacity()));
  }

  private static int positive(String field, Integer value, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (value < 1) {
      throw new IllegalArgumentException(field + " must be at least 1, got " + value + ".");
    }
    return value;
  }

  /** Parses {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}. */
  static Duration duration(String field, String value, Duration fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(field + " must be a duration like 500ms, 10s, 5m or 1h, got '" + value + "'.");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "(root)" : sb.toString();
  }
}

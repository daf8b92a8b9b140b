package io.kubernaut.http.api.audit;

import io.javalin.http.Context;
import io.kubernaut.http.api.route.HttpProblem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the query parameters of one request. Every faulty parameter is collected with a sentence
 * naming it; {@link #check()} then answers one 400 problem listing them all.
 */
final class QueryParams {

  static final Pattern OBJECT_NAME = io.kubernaut.http.api.route.KubernetesNames.OBJECT_NAME;
  static final Pattern NAMESPACE = io.kubernaut.http.api.route.KubernetesNames.NAMESPACE;
  static final Pattern KIND = io.kubernaut.http.api.route.KubernetesNames.KIND;

  private final Context ctx;
  private final List<String> errors = new ArrayList<>();

  QueryParams(Context ctx) {
    this.ctx = ctx;
  }

  /** The trimmed value, empty when absent or blank. */
  Optional<String> text(String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** The value when it matches {@code pattern}; otherwise an error naming {@code what} it must be. */
  Optional<String> matching(String name, Pattern pattern, String what) {
    Optional<String> v = text(name);
    if (v.isPresent() && !pattern.matcher(v.get()).matches()) {
      errors.add("Query parameter '" + name + "' must be " + what + ", got '" + v.get() + "'.");
      return Optional.empty();
    }
    return v;
  }

  /** Like {@link #matching}, and an error when it is absent. */
  String required(String name, Pattern pattern, String what) {
    if (text(name).isEmpty()) {
      errors.add("Query parameter '" + name + "' is required: " + what + ".");
      return "";
    }
    return matching(name, pattern, what).orElse("");
  }

  /** The earliest and latest instants a query may name: PostgreSQL's timestamps hold any of them. */
  static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /**
   * An ISO-8601 instant with an offset, e.g. {@code 2025-01-31T08:00:00Z}, in the years 1 to 9999:
   * Java parses years up to a billion, which PostgreSQL refuses (a 500 before).
   */
  Optional<Instant> instant(String name) {
    return text(name).flatMap(v -> {
      try {
        Instant at = OffsetDateTime.parse(v).toInstant();
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
          errors.add("Query parameter '" + name + "' must be a time in the years 1 to 9999, got '" + v + "'.");
          return Optional.empty();
        }
        return Optional.of(at);
      } catch (DateTimeParseException e) {
        errors.add("Query parameter '" + name + "' must be an ISO-8601 time with an offset, such as "
            + "2025-01-31T08:00:00Z, got '" + v + "'.");
        return Optional.empty();
      }
    });
  }

  /** An integer from {@code min} to {@code max}, or {@code fallback} when absent. */
  int integer(String name, int min, int max, int fallback) {
    return bounded(name, min, max, fallback, Integer::valueOf, "an integer");
  }

  /** A number from {@code min} to {@code max}, or {@code fallback} when absent. */
  double number(String name, double min, double max, double fallback) {
    return bounded(name, min, max, fallback, Double::valueOf, "a number");
  }

  private <T extends Comparable<T>> T bounded(String name, T min, T max, T fallback, Function<String, T> parse,
      String what) {
    Optional<String> v = text(name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      T n = parse.apply(v.get());
      if (n.compareTo(min) >= 0 && n.compareTo(max) <= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add("Query parameter '" + name + "' must be " + what + " from " + min + " to " + max + ", got '" + v.get() + "'.");
    return fallback;
  }

  /** A constant of {@code type}, in any case and with '-' for '_'. */
  <E extends Enum<E>> Optional<E> constant(String name, Class<E> type) {
    return text(name).flatMap(v -> {
      try {
        return Optional.of(Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_')));
      } catch (IllegalArgumentException e) {
        errors.add("Query parameter '" + name + "' must be one of " + List.of(type.getEnumConstants()) + ", got '" + v + "'.");
        return Optional.empty();
      }
    });
  }

  /** Adds an error found by the caller (for a rule across parameters). */
  void reject(String sentence) {
    errors.add(sentence);
  }

  /** Throws one 400 problem naming every faulty parameter, if there is any. */
  void check() {
    if (!errors.isEmpty()) {
      throw HttpProblem.of(400, "Bad Request", errors.size() == 1 ? errors.get(0)
          : "The request has " + errors.size() + " invalid query parameters.", errors);
    }
  }
}

package io.kubernaut.http.api;

import io.javalin.http.Context;
import io.kubernaut.http.api.route.HttpProblem;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;

/**
 * Refuses, with 415, a request whose {@code Content-Type} names a character set that cannot be used: one without a
 * value ({@code charset}, {@code charset=}), or a name this JVM does not know. Javalin decodes query parameters and
 * bodies with that character set: without this check the first fails each read with a 500, and an unknown name makes
 * every query parameter read as absent, so that a filtered query would be answered unfiltered. The parameter is found
 * as Javalin finds it: the first {@code ;}-separated part that starts with {@code charset}, its value after the first
 * {@code =}, trimmed and unquoted.
 */
final class CharsetChecker {

  private CharsetChecker() {}

  static void check(Context ctx) {
    String contentType = ctx.header("Content-Type");
    if (contentType == null) {
      return;
    }
    for (String part : contentType.split(";")) {
      String trimmed = part.strip();
      if (!trimmed.regionMatches(true, 0, "charset", 0, "charset".length())) {
        continue;
      }
      int equals = part.indexOf('=');
      String value = equals < 0 ? "" : part.substring(equals + 1);
      int end = value.indexOf('=');
      String name = unquoted((end < 0 ? value : value.substring(0, end)).strip()); // up to a second '=', as Javalin
      if (!supported(name)) {
        throw new HttpProblem(415, "Unsupported Media Type", "The Content-Type header's character set ("
            + (name.isEmpty() ? "none given" : "\"" + printable(name) + "\"") + ") is not one this server can decode;"
            + " send charset=utf-8, or no charset parameter.");
      }
      return;
    }
  }

  private static boolean supported(String name) {
    try {
      return !name.isEmpty() && Charset.isSupported(name);
    } catch (IllegalCharsetNameException e) {
      return false;
    }
  }

  private static String unquoted(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1) : value;
  }

  /** At most 64 characters of {@code name}, control characters shown as '?'. */
  private static String printable(String name) {
    String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
    return shown.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
  }
}

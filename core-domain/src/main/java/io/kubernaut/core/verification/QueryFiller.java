package io.kubernaut.core.verification;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the {@code ${namespace}}, {@code ${pod}}, {@code ${workload}} and {@code ${node}}
 * placeholders of a PromQL query. A placeholder must sit inside a quoted string (a label value);
 * its value is escaped for that literal, and inside a regex matcher ({@code =~}, {@code !~}) its
 * regex metacharacters are quoted too, so no value can change the query's structure or widen what
 * it matches.
 */
public final class QueryFiller {

  /** The placeholders a query may use. */
  public static final java.util.Set<String> PLACEHOLDERS = java.util.Set.of("namespace", "pod", "workload", "node");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");
  private static final String REGEX_META = "\\.+*?()|[]{}^$";

  /** The filled query, or why it cannot be filled. */
  public record Filled(String query, String problem) {
    public boolean ok() {
      return problem == null;
    }
  }

  /** Fills {@code template} from {@code values} (a missing or blank value is a problem, never an empty match). */
  public Filled fill(String template, Map<String, String> values) {
    StringBuilder out = new StringBuilder();
    char quote = 0;
    boolean regex = false;
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      Matcher m = PLACEHOLDER.matcher(template).region(i, template.length());
      if (c == '$' && m.lookingAt()) {
        String name = m.group(1);
        if (!PLACEHOLDERS.contains(name)) {
          return new Filled(null, "the query uses unknown placeholder ${" + name + "}");
        }
        if (quote == 0) {
          return new Filled(null, "placeholder ${" + name + "} sits outside a quoted label value, so it is not filled");
        }
        String value = values.get(name);
        if (value == null || value.isBlank()) {
          return new Filled(null, "there is no value for ${" + name + "} from the target or the alert's labels");
        }
        Optional<String> escaped = escape(value, quote, regex);
        if (escaped.isEmpty()) {
          return new Filled(null, "the value of ${" + name + "} cannot be written inside a raw string");
        }
        out.append(escaped.get());
        i = m.end();
        continue;
      }
      out.append(c);
      if (quote == 0 && (c == '"' || c == '\'' || c == '`')) {
        quote = c;
        regex = matcherBefore(template, i).endsWith("~");
      } else if (quote != 0 && c == '\\' && quote != '`' && i + 1 < template.length()) {
        out.append(template.charAt(i + 1));
        i++;
      } else if (quote != 0 && c == quote) {
        quote = 0;
      }
      i++;
    }
    return new Filled(out.toString(), null);
  }

  /** The operator just before the string opening at {@code at}, spaces skipped. */
  private static String matcherBefore(String template, int at) {
    int j = at - 1;
    while (j >= 0 && Character.isWhitespace(template.charAt(j))) {
      j--;
    }
    return j >= 1 ? template.substring(j - 1, j + 1) : "";
  }

  private static Optional<String> escape(String value, char quote, boolean regex) {
    StringBuilder v = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (regex && REGEX_META.indexOf(c) >= 0) {
        v.append('\\');
      }
      v.append(c);
    }
    String text = v.toString();
    if (quote == '`') {
      return text.indexOf('`') >= 0 ? Optional.empty() : Optional.of(text);
    }
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c == quote) {
            out.append('\\');
          }
          out.append(c);
        }
      }
    }
    return Optional.of(out.toString());
  }
}

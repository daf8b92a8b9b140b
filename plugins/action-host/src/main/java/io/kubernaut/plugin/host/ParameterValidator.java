package io.kubernaut.plugin.host;

import io.kubernaut.spi.action.ActionDescriptor;
import io.kubernaut.spi.action.ParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks request parameters against an action's declared schema. Pure; one sentence per problem. */
final class ParameterValidator {

  private static final Pattern QUANTITY =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?");

  private ParameterValidator() {}

  static List<String> problems(ActionDescriptor d, Map<String, String> params) {
    List<String> problems = new ArrayList<>();
    Set<String> declared = new TreeSet<>();
    for (ParameterSpec spec : d.parameters()) {
      declared.add(spec.name());
      String value = params.get(spec.name());
      if (value == null || value.isBlank()) {
        if (spec.required()) {
          problems.add("Parameter " + spec.name() + " of " + d.name() + " is required.");
        }
        continue;
      }
      check(d.name(), spec, value).ifPresent(problems::add);
    }
    new TreeSet<>(params.keySet()).stream().filter(k -> !declared.contains(k)).forEach(k ->
        problems.add("Parameter " + k + " is not declared by " + d.name() + "; it accepts " + declared + "."));
    return problems;
  }

  private static java.util.Optional<String> check(String action, ParameterSpec spec, String value) {
    String prefix = "Parameter " + spec.name() + " of " + action + " ";
    Double number = null;
    switch (spec.type()) {
      case INTEGER -> {
        try {
          number = (double) Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
          return java.util.Optional.of(prefix + "must be a whole number, got '" + value + "'.");
        }
      }
      case NUMBER -> {
        try {
          number = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
          return java.util.Optional.of(prefix + "must be a number, got '" + value + "'.");
        }
        if (number.isNaN() || number.isInfinite()) {
          return java.util.Optional.of(prefix + "must be a finite number, got '" + value + "'.");
        }
      }
      case BOOLEAN -> {
        if (!value.equals("true") && !value.equals("false")) {
          return java.util.Optional.of(prefix + "must be true or false, got '" + value + "'.");
        }
      }
      case QUANTITY -> {
        if (!QUANTITY.matcher(value).matches()) {
          return java.util.Optional.of(prefix + "must be a Kubernetes quantity such as 512Mi or 500m, got '" + value + "'.");
        }
      }
      case STRING -> { }
    }
    if (number != null && spec.min() != null && number < spec.min()) {
      return java.util.Optional.of(prefix + "must be at least " + plain(spec.min()) + ", got " + value + ".");
    }
    if (number != null && spec.max() != null && number > spec.max()) {
      return java.util.Optional.of(prefix + "must be at most " + plain(spec.max()) + ", got " + value + ".");
    }
    if (spec.pattern() != null) {
      try {
        if (!Pattern.matches(spec.pattern(), value)) {
          return java.util.Optional.of(prefix + "must match " + spec.pattern() + ", got '" + value + "'.");
        }
      } catch (PatternSyntaxException e) {
        return java.util.Optional.of(prefix + "declares an invalid pattern; the plugin must be fixed.");
      }
    }
    return java.util.Optional.empty();
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}

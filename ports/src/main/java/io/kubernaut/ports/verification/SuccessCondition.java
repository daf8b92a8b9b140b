package io.kubernaut.ports.verification;

import java.util.Locale;
import java.util.Objects;

/**
 * When one measurement of a check passes: every sample compared against a number, or the answer empty.
 *
 * @param comparison how each sample's value is compared, or {@link Comparison#EMPTY}
 * @param bound the number compared against; ignored for {@code EMPTY}
 */
public record SuccessCondition(Comparison comparison, double bound) {

  /** The comparison; {@code EMPTY} passes when no series answered. */
  public enum Comparison {
    LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!="), EMPTY("empty");

    private final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  public SuccessCondition {
    Objects.requireNonNull(comparison, "comparison");
    if (comparison != Comparison.EMPTY && !Double.isFinite(bound)) {
      throw new IllegalArgumentException("a success condition compares against a finite number, got " + bound);
    }
  }

  /**
   * Reads {@code < 0.5}, {@code <= 1}, {@code > 0}, {@code >= 2}, {@code == 0}, {@code != 0} or
   * {@code empty}; anything else is refused with a sentence saying what is accepted.
   */
  public static SuccessCondition parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.toLowerCase(Locale.ROOT).equals("empty")) {
      return new SuccessCondition(Comparison.EMPTY, 0);
    }
    for (String symbol : new String[] {"<=", ">=", "==", "!=", "<", ">"}) {
      if (t.startsWith(symbol)) {
        String number = t.substring(symbol.length()).trim();
        try {
          double bound = Double.parseDouble(number);
          Comparison c = java.util.Arrays.stream(Comparison.values()).filter(x -> x.symbol.equals(symbol)).findFirst()
              .orElseThrow();
          return new SuccessCondition(c, bound);
        } catch (NumberFormatException e) {
          break;
        }
      }
    }
    throw new IllegalArgumentException("successCondition \"" + t + "\" is not a comparison with a number (<, <=, >, >=, "
        + "==, != followed by a number, such as \"== 0\") nor \"empty\"");
  }

  /** As written in verification.yaml. */
  public String display() {
    return comparison == Comparison.EMPTY ? "empty" : comparison.symbol + " " + bound;
  }
}

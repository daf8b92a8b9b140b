package io.kubernaut.core.analysis;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Arithmetic on Kubernetes quantities as written: {@code 128Mi × 2 = 256Mi}, {@code 500m × 2 = 1000m}. */
final class Quantities {

  private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|m|k|M|G|T)?");

  private Quantities() {}

  /** The quantity multiplied by {@code factor}, in the same unit, when it can be parsed. */
  static Optional<String> times(String quantity, double factor) {
    if (quantity == null) {
      return Optional.empty();
    }
    Matcher m = QUANTITY.matcher(quantity.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    BigDecimal value = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor));
    String number = value.setScale(0, java.math.RoundingMode.CEILING).toPlainString();
    return Optional.of(number + (m.group(2) == null ? "" : m.group(2)));
  }
}

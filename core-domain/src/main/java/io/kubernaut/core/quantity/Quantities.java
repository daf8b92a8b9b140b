package io.kubernaut.core.quantity;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes quantities as written ({@code 128Mi}, {@code 500m}, {@code 2}): arithmetic in the
 * same unit, and amounts in base units (bytes, cores) for comparison.
 */
public final class Quantities {

  private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?");
  private static final Map<String, BigDecimal> SUFFIX = Map.ofEntries(
      Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
      Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
      Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
      Map.entry("m", new BigDecimal("0.001")), Map.entry("k", BigDecimal.valueOf(1_000L)),
      Map.entry("M", BigDecimal.valueOf(1_000_000L)), Map.entry("G", BigDecimal.valueOf(1_000_000_000L)),
      Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")), Map.entry("E", new BigDecimal("1e18")));

  private Quantities() {}

  /** The quantity multiplied by {@code factor}, in the same unit, when it can be parsed. */
  public static Optional<String> times(String quantity, double factor) {
    Optional<Matcher> m = match(quantity);
    return m.map(q -> new BigDecimal(q.group(1)).multiply(BigDecimal.valueOf(factor))
        .setScale(0, java.math.RoundingMode.CEILING).toPlainString() + (q.group(2) == null ? "" : q.group(2)));
  }

  /** The amount in base units (bytes for memory and storage, cores for CPU), when it can be parsed. */
  public static Optional<BigDecimal> amount(String quantity) {
    return match(quantity).map(q -> new BigDecimal(q.group(1))
        .multiply(q.group(2) == null ? BigDecimal.ONE : SUFFIX.get(q.group(2))));
  }

  private static Optional<Matcher> match(String quantity) {
    if (quantity == null) {
      return Optional.empty();
    }
    Matcher m = QUANTITY.matcher(quantity.trim());
    return m.matches() ? Optional.of(m) : Optional.empty();
  }
}

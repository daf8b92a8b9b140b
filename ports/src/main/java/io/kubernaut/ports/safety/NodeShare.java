package io.kubernaut.ports.safety;

/**
 * A number of nodes given as a count or as a percentage of the cluster's nodes, as in {@code 2}
 * or {@code "51%"}.
 *
 * @param value the count, or the percentage when {@code percent}
 * @param percent whether {@code value} is a percentage of all nodes
 */
public record NodeShare(int value, boolean percent) {

  public NodeShare {
    if (value < 0 || (percent && value > 100)) {
      throw new IllegalArgumentException("A node count must be at least 0 and a percentage at most 100%, got "
          + value + (percent ? "%" : "") + ".");
    }
  }

  /** Reads {@code 3} or {@code 25%}; anything else is refused naming it. */
  public static NodeShare parse(String text) {
    String t = text == null ? "" : text.trim();
    boolean percent = t.endsWith("%");
    String digits = percent ? t.substring(0, t.length() - 1).trim() : t;
    if (!digits.matches("\\d{1,6}")) {
      throw new IllegalArgumentException("\"" + text + "\" is neither a node count (3) nor a percentage (25%).");
    }
    return new NodeShare(Integer.parseInt(digits), percent);
  }

  /** The count among {@code total} nodes, a percentage rounded down. */
  public int atMost(int total) {
    return percent ? (int) Math.floor(total * value / 100.0) : value;
  }

  /** The count among {@code total} nodes, a percentage rounded up. */
  public int atLeast(int total) {
    return percent ? (int) Math.ceil(total * value / 100.0) : value;
  }

  @Override
  public String toString() {
    return value + (percent ? "%" : "");
  }
}

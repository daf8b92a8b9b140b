package io.kubernaut.core.scope;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The namespaces Kubernaut may change, as an equality-based label selector on the namespace
 * ({@code kubernaut.io/managed=true}, {@code team in}-style set selectors are not supported):
 * comma-separated requirements {@code key=value}, {@code key==value}, {@code key!=value},
 * {@code key} (exists) and {@code !key} (absent), all of which must hold. An empty selector, or
 * {@code *}, matches every namespace. Alerts outside the scope are analysed but end recommend-only.
 */
public final class ManagedScope {

  private static final String KEY = "[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?";
  private static final String VALUE = "([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)?";

  /** One requirement of the selector. */
  private record Requirement(String key, Op op, String value) {
    boolean holds(Map<String, String> labels) {
      String actual = labels.get(key);
      return switch (op) {
        case EQUALS -> value.equals(actual);
        case NOT_EQUALS -> !value.equals(actual);
        case EXISTS -> actual != null;
        case ABSENT -> actual == null;
      };
    }
  }

  private enum Op { EQUALS, NOT_EQUALS, EXISTS, ABSENT }

  private final String selector;
  private final List<Requirement> requirements;

  private ManagedScope(String selector, List<Requirement> requirements) {
    this.selector = selector;
    this.requirements = List.copyOf(requirements);
  }

  /** Every namespace. */
  public static ManagedScope everything() {
    return new ManagedScope("", List.of());
  }

  /**
   * The scope of {@code selector}.
   *
   * @throws IllegalArgumentException naming the requirement that is not an equality-based selector
   */
  public static ManagedScope of(String selector) {
    String text = selector == null || selector.trim().equals("*") ? "" : selector.trim();
    List<Requirement> requirements = new ArrayList<>();
    for (String part : text.isEmpty() ? new String[0] : text.split(",")) {
      requirements.add(requirement(part.trim(), text));
    }
    return new ManagedScope(text, requirements);
  }

  private static Requirement requirement(String part, String selector) {
    String[] kv;
    if (part.contains("!=")) {
      kv = part.split("!=", 2);
      return checked(kv[0].trim(), Op.NOT_EQUALS, kv[1].trim(), part, selector);
    }
    if (part.contains("==")) {
      kv = part.split("==", 2);
      return checked(kv[0].trim(), Op.EQUALS, kv[1].trim(), part, selector);
    }
    if (part.contains("=")) {
      kv = part.split("=", 2);
      return checked(kv[0].trim(), Op.EQUALS, kv[1].trim(), part, selector);
    }
    if (part.startsWith("!")) {
      return checked(part.substring(1).trim(), Op.ABSENT, "", part, selector);
    }
    return checked(part, Op.EXISTS, "", part, selector);
  }

  private static Requirement checked(String key, Op op, String value, String part, String selector) {
    if (!key.matches(KEY) || !value.matches(VALUE)) {
      throw new IllegalArgumentException("The managed-namespace selector \"" + selector + "\" has a requirement \"" + part
          + "\" that is not key=value, key!=value, key or !key with label-syntax keys and values.");
    }
    return new Requirement(key, op, value);
  }

  /**
   * The label a namespace opts out with ({@code kubernaut.io/managed=false}), whatever the selector: such a
   * namespace is never changed.
   */
  public static final String OPT_OUT_LABEL = "kubernaut.io/managed";

  /** Whether a namespace with these labels opted out ({@code kubernaut.io/managed=false}, in any case). */
  public static boolean optedOut(Map<String, String> namespaceLabels) {
    return namespaceLabels != null && "false".equalsIgnoreCase(namespaceLabels.get(OPT_OUT_LABEL));
  }

  /** Whether a namespace with these labels is in scope: it meets the selector and has not opted out. */
  public boolean includes(Map<String, String> namespaceLabels) {
    Map<String, String> labels = namespaceLabels == null ? Map.of() : namespaceLabels;
    return !optedOut(labels) && requirements.stream().allMatch(r -> r.holds(labels));
  }

  /** Whether the selector takes every namespace (those that opted out are still left out). */
  public boolean isEverything() {
    return requirements.isEmpty();
  }

  /** The selector as configured, e.g. {@code kubernaut.io/managed=true}. */
  public String selector() {
    return selector;
  }
}

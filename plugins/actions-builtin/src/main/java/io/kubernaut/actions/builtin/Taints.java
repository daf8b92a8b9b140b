package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Encoding of taints as {@code key=value:effect} strings, for rollback data. */
final class Taints {

  static final String EFFECT_PATTERN = "NoSchedule|PreferNoSchedule|NoExecute";

  private Taints() {}

  static List<Taint> of(Node node) {
    if (node.getSpec() == null) {
      node.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
    }
    if (node.getSpec().getTaints() == null) {
      node.getSpec().setTaints(new ArrayList<>());
    }
    return node.getSpec().getTaints();
  }

  static boolean matches(Taint t, String key, String effect) {
    return key.equals(t.getKey()) && (effect == null || effect.equals(t.getEffect()));
  }

  static boolean sameValue(Taint t, String value) {
    return Objects.equals(t.getValue() == null ? "" : t.getValue(), value == null ? "" : value);
  }

  static String encode(List<Taint> taints) {
    return taints.stream()
        .map(t -> t.getKey() + "=" + (t.getValue() == null ? "" : t.getValue()) + ":" + t.getEffect())
        .collect(Collectors.joining(","));
  }

  static List<Taint> decode(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split(",")).map(s -> {
      int eq = s.indexOf('=');
      int colon = s.lastIndexOf(':');
      String value = s.substring(eq + 1, colon);
      return taint(s.substring(0, eq), value, s.substring(colon + 1));
    }).toList();
  }

  /** A taint; an empty value is stored as none. */
  static Taint taint(String key, String value, String effect) {
    return new io.fabric8.kubernetes.api.model.TaintBuilder()
        .withKey(key).withValue(value == null || value.isEmpty() ? null : value).withEffect(effect).build();
  }
}

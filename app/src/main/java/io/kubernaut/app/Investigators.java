package io.kubernaut.app;

import io.kubernaut.core.analysis.RuleInvestigator;
import io.kubernaut.ports.out.Investigator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders the investigators as {@code KUBERNAUT_INVESTIGATORS} says. The rule engine is the last
 * resort, so it is appended when the setting leaves it out; an unknown name stops startup.
 */
final class Investigators {

  private static final Logger LOG = LoggerFactory.getLogger(Investigators.class);

  private Investigators() {}

  static List<Investigator> ordered(List<String> names, Map<String, Investigator> external) {
    List<Investigator> chain = new ArrayList<>();
    boolean rules = false;
    for (String raw : names) {
      String name = raw.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (name.equals(RuleInvestigator.NAME)) {
        chain.add(new RuleInvestigator());
        rules = true;
      } else if (external.containsKey(name)) {
        chain.add(external.get(name));
      } else {
        TreeSet<String> known = new TreeSet<>(external.keySet());
        known.add(RuleInvestigator.NAME);
        throw new IllegalArgumentException("KUBERNAUT_INVESTIGATORS names unknown investigator '" + raw
            + "'; known investigators are " + String.join(", ", known) + ".");
      }
    }
    if (!rules) {
      chain.add(new RuleInvestigator());
    }
    LOG.info("Investigator chain: {}", chain.stream().map(Investigator::name).toList());
    return chain;
  }
}

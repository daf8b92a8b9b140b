package io.kubernaut.plugin.host;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The actions loaded at startup, by name. Opaque outside this package: the application binds it
 * once and receives {@code ActionCatalog} and {@code ActionRunner} from {@link ActionHostModule}.
 */
public final class LoadedActions {

  private final Map<String, LoadedAction> byName;

  LoadedActions(Map<String, LoadedAction> byName) {
    this.byName = new TreeMap<>(byName);
  }

  Optional<LoadedAction> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  Collection<LoadedAction> all() {
    return byName.values();
  }
}

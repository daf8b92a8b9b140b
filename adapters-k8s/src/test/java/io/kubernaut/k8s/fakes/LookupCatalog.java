package io.kubernaut.k8s.fakes;

import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.out.ActionCatalog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A catalog that answers {@code find} with a lookup, lists nothing, and finds every parameter valid. */
public final class LookupCatalog implements ActionCatalog {

  private final Function<String, Optional<ActionInfo>> lookup;

  public LookupCatalog(Function<String, Optional<ActionInfo>> lookup) {
    this.lookup = lookup;
  }

  @Override
  public List<ActionInfo> list() {
    return List.of();
  }

  @Override
  public Optional<ActionInfo> find(String name) {
    return lookup.apply(name);
  }

  @Override
  public List<String> validate(String name, Map<String, String> parameters) {
    return List.of();
  }
}

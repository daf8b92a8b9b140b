package io.kubernaut.ports.out;

import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.action.ActionInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Driven port: the actions the operator can run, loaded at startup from built-ins and plugins. */
public interface ActionCatalog {

  /** Every action, sorted by name. */
  List<ActionInfo> list();

  /** The action with this name, if loaded. */
  Optional<ActionInfo> find(String name);

  /**
   * Checks parameters against the action's declared schema.
   *
   * @return one sentence per problem (unknown action, missing or unexpected parameter, wrong type,
   *     out of range, pattern mismatch); empty when valid
   */
  List<String> validate(String name, Map<String, String> parameters);

  /**
   * What the action declares about its impact, for the safety envelope; for an action not in the
   * catalog, the impact {@link ActionImpact#assumedFor assumed} for the target's kind.
   */
  default ActionImpact impactOf(String action, String targetKind) {
    return find(action).map(ActionInfo::impact).orElseGet(() -> ActionImpact.assumedFor(targetKind));
  }
}

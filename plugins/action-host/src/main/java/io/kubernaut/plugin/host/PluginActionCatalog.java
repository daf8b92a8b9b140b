package io.kubernaut.plugin.host;

import io.kubernaut.ports.action.AccessNeed;
import io.kubernaut.ports.action.ActionEffect;
import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.ActionRisk;
import io.kubernaut.ports.action.ParameterInfo;
import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.action.ParameterKind;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.spi.action.ActionDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The catalog of loaded actions, translated from SPI descriptors to port records: parameters,
 * the access each action needs and its impact (disruption class and effects), declared or
 * defaulted by the SPI, so consumers never need the action's name to know what it does.
 */
final class PluginActionCatalog implements ActionCatalog {

  private final LoadedActions actions;

  PluginActionCatalog(LoadedActions actions) {
    this.actions = actions;
  }

  @Override
  public List<ActionInfo> list() {
    return actions.all().stream().map(PluginActionCatalog::info).toList();
  }

  @Override
  public Optional<ActionInfo> find(String name) {
    return actions.find(name).map(PluginActionCatalog::info);
  }

  @Override
  public List<String> validate(String name, Map<String, String> parameters) {
    return actions.find(name)
        .map(a -> ParameterValidator.problems(a.descriptor(), parameters == null ? Map.of() : parameters))
        .orElseGet(() -> List.of("Action " + name + " is not in the catalog; see GET /api/v1/actions."));
  }

  static ActionInfo info(LoadedAction a) {
    ActionDescriptor d = a.descriptor();
    return new ActionInfo(d.name(), d.version(), ActionRisk.valueOf(d.risk().name()), d.description(), a.source(),
        d.supportsDryRun(), d.supportsRollback(),
        d.parameters().stream().map(p -> new ParameterInfo(p.name(), ParameterKind.valueOf(p.type().name()),
            p.required(), p.min(), p.max(), p.pattern(), p.description())).toList(),
        d.targetKinds(), d.access().stream().map(PluginActionCatalog::need).toList(),
        new ActionImpact(DisruptionClass.valueOf(d.disruptionClass().name()),
            d.effects().stream().map(e -> ActionEffect.valueOf(e.name())).collect(Collectors.toSet())));
  }

  private static AccessNeed need(io.kubernaut.spi.action.AccessNeed n) {
    return new AccessNeed(n.forKind(), n.group(), n.resource(), n.subresource(), n.verb(),
        AccessNeed.Scope.valueOf(n.scope().name()));
  }
}

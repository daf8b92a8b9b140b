package io.kubernaut.http.api.action;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.action.AccessNeed;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.out.ActionCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/actions}: the action catalog as loaded at startup, built-ins and third-party
 * plugins alike, sorted by name: {@code {"count": n, "actions": [{name, version, risk, source, ...}]}}.
 * Each entry also says what the action declares about itself: {@code disruptionClass},
 * {@code effects} and {@code access} (one object per permission: {@code verb}, {@code group},
 * {@code resource}, {@code subresource}, {@code scope}, {@code forKind}, and a readable {@code rule};
 * an empty resource means the target's own). Authenticated by the {@code /api/*} filter.
 */
final class ActionRoutes implements RouteGroup {

  static final String PATH = "/api/v1/actions";

  private final ActionCatalog catalog;

  ActionRoutes(ActionCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get(PATH, this::list, RequiredPermission.of(Permission.CONTEXT_GET));
  }

  private void list(Context ctx) {
    ctx.json(body(catalog.list()));
  }

  static Map<String, Object> body(List<ActionInfo> actions) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("count", actions.size());
    body.put("actions", actions.stream().map(ActionRoutes::entry).toList());
    return body;
  }

  private static Map<String, Object> entry(ActionInfo a) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("name", a.name());
    e.put("version", a.version());
    e.put("risk", a.risk().name());
    e.put("source", a.source());
    e.put("description", a.description());
    e.put("supportsDryRun", a.supportsDryRun());
    e.put("supportsRollback", a.supportsRollback());
    e.put("targetKinds", a.targetKinds().stream().sorted().toList());
    e.put("parameters", a.parameters().stream().map(p -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("type", p.kind().name());
      m.put("required", p.required());
      m.put("description", p.description());
      return m;
    }).toList());
    e.put("disruptionClass", a.impact().disruption().name());
    e.put("effects", a.impact().effects().stream().map(Enum::name).sorted().toList());
    e.put("access", a.access().stream().map(ActionRoutes::access).toList());
    return e;
  }

  private static Map<String, Object> access(AccessNeed n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("verb", n.verb());
    m.put("group", n.group());
    m.put("resource", n.resource());
    m.put("subresource", n.subresource());
    m.put("scope", n.scope().name());
    m.put("forKind", n.forKind());
    m.put("rule", n.display());
    return m;
  }
}

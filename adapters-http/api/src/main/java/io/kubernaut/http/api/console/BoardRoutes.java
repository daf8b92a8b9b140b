package io.kubernaut.http.api.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.board.RemediationRow;
import io.kubernaut.ports.out.RemediationBoard;
import io.kubernaut.ports.pipeline.Phase;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The console's read routes: the remediations (filtered by phase, environment, namespace and
 * outcome), one remediation with all its resources, the storms in progress and the remediations
 * that wait (for an approval, or for a safety rule to lift).
 */
final class BoardRoutes implements RouteGroup {

  static final String LIST = "/api/v1/remediations";
  static final String ONE = "/api/v1/remediations/{name}";
  static final String STORMS = "/api/v1/storms";
  static final String BLOCKS = "/api/v1/blocks";

  private static final Pattern OBJECT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,62}");

  private final RemediationBoard board;
  private final Clock clock;

  BoardRoutes(RemediationBoard board, Clock clock) {
    this.board = board;
    this.clock = clock;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get(LIST, this::list, RequiredPermission.of(Permission.REMEDIATIONS_LIST));
    routes.get(STORMS, this::storms, RequiredPermission.of(Permission.REMEDIATIONS_LIST));
    routes.get(BLOCKS, this::blocks, RequiredPermission.of(Permission.REMEDIATIONS_LIST));
    routes.get(ONE, this::one, RequiredPermission.of(Permission.REMEDIATIONS_GET));
  }

  private void list(Context ctx) {
    List<String> errors = new ArrayList<>();
    Predicate<RemediationRow> filter = row -> true;
    String phaseName = param(ctx, "phase", WORD, "a phase such as AwaitingApproval", errors);
    RemediationPhase phase = Phase.parse(RemediationPhase.class, phaseName);
    if (phaseName != null && phase == null) {
      errors.add("Query parameter 'phase' must be one of " + Arrays.toString(RemediationPhase.values()) + ", got '"
          + phaseName + "'.");
    }
    String environment = param(ctx, "environment", WORD, "an environment such as production", errors);
    String namespace = param(ctx, "namespace", NAMESPACE, "a namespace name", errors);
    String outcome = param(ctx, "outcome", WORD, "an outcome such as Remediated", errors);
    if (!errors.isEmpty()) {
      throw HttpProblem.of(400, "Bad Request", "The query has " + errors.size() + " faulty parameter(s).", errors);
    }
    if (phase != null) {
      filter = filter.and(r -> r.phase() == phase);
    }
    if (environment != null) {
      filter = filter.and(r -> r.environment().equalsIgnoreCase(environment));
    }
    if (namespace != null) {
      filter = filter.and(r -> r.target().namespace().equals(namespace));
    }
    if (outcome != null) {
      filter = filter.and(r -> r.outcome().equalsIgnoreCase(outcome));
    }
    List<RemediationRow> rows = BoardCalls.ask("list the remediations", board::list).stream().filter(filter).toList();
    ctx.json(Map.of("items", rows));
  }

  private static String param(Context ctx, String name, Pattern pattern, String what, List<String> errors) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    if (!pattern.matcher(v.trim()).matches()) {
      errors.add("Query parameter '" + name + "' must be " + what + ".");
      return null;
    }
    return v.trim();
  }

  private void one(Context ctx) {
    String name = ctx.pathParam("name");
    if (!OBJECT_NAME.matcher(name).matches()) {
      throw HttpProblem.of(400, "Bad Request", "'" + name + "' is not an AlertRemediation name (lower-case letters, "
          + "digits, '-' and '.').", List.of());
    }
    var dossier = BoardCalls.ask("read remediation " + name, () -> board.dossier(name)).orElseThrow(() ->
        HttpProblem.of(404, "Not Found", "There is no AlertRemediation named " + name + " (any more); its audit "
            + "trail may still answer at " + LIST + "/" + name + "/timeline.", List.of()));
    ctx.json(dossier);
  }

  private void storms(Context ctx) {
    Instant now = clock.instant();
    List<Waits.StormView> storms = BoardCalls.ask("list the remediations", board::list).stream()
        .filter(r -> r.storm() != null && Waits.inProgress(r, now)).map(Waits.StormView::of).toList();
    ctx.json(Map.of("storms", storms));
  }

  private void blocks(Context ctx) {
    Instant now = clock.instant();
    List<Waits.BlockView> blocks = BoardCalls.ask("list the remediations", board::list).stream()
        .map(r -> Waits.blockOf(r, now)).flatMap(java.util.Optional::stream).toList();
    ctx.json(Map.of("blocks", blocks));
  }
}

package io.kubernaut.http.api.audit;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.history.ActionEffectiveness;
import io.kubernaut.ports.history.IncidentDescription;
import io.kubernaut.ports.history.RecurringFingerprint;
import io.kubernaut.ports.history.TargetEffectiveness;
import io.kubernaut.ports.out.RemediationHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/intelligence/effectiveness} (success rates by (alert, action, target kind) and
 * per target) and {@code GET /api/v1/intelligence/patterns} (recurring fingerprints, ineffective
 * actions, and similar past incidents when {@code alertname}, {@code namespace} or {@code text} is
 * given). The window starts at {@code since}, 30 days ago by default. Each list holds at most {@code rows} entries
 * (1-1000, default 100; {@code truncated} says when one was cut), read so from the store: the answer and its memory
 * stay bounded however long the history is.
 */
final class IntelligenceRoutes implements RouteGroup {

  static final String EFFECTIVENESS = "/api/v1/intelligence/effectiveness";
  static final String PATTERNS = "/api/v1/intelligence/patterns";
  static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
  static final int DEFAULT_ROWS = 100;
  static final int MAX_ROWS = 1000;
  private static final Pattern ALERT_NAME = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]{0,199}");
  private static final Pattern TEXT = Pattern.compile("(?s).{1,2000}");

  record ActionRate(String alertName, String actionType, String targetKind, int attempts, int successes, double rate) {
    static ActionRate of(ActionEffectiveness a) {
      return new ActionRate(a.alertName(), a.actionType(), a.targetKind(), a.rate().attempts(), a.rate().successes(),
          a.rate().rate());
    }
  }

  record TargetRate(Views.TargetView target, String actionType, int attempts, int successes, double rate) {
    static TargetRate of(TargetEffectiveness t) {
      return new TargetRate(Views.TargetView.of(t.target()), t.actionType(), t.rate().attempts(), t.rate().successes(),
          t.rate().rate());
    }
  }

  record Effectiveness(Instant since, List<ActionRate> byAlertAndAction, List<TargetRate> byTarget,
      Map<String, Views.RateView> allTimeByAction, boolean truncated) {}

  record Recurring(String fingerprint, String alertName, int remediations, int unsuccessful, Instant firstSeen,
      Instant lastSeen) {
    static Recurring of(RecurringFingerprint r) {
      return new Recurring(r.fingerprint().hex(), r.alertName(), r.remediations(), r.unsuccessful(), r.firstSeen(),
          r.lastSeen());
    }
  }

  record Similar(double similarity, Views.RemediationView remediation) {}

  record PatternsView(Instant since, List<Recurring> recurring, List<ActionRate> ineffective, List<Similar> similar,
      boolean truncated) {}

  private final RemediationHistory history;
  private final Clock clock;

  IntelligenceRoutes(RemediationHistory history, Clock clock) {
    this.history = history;
    this.clock = clock;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get(EFFECTIVENESS, this::effectiveness, RequiredPermission.of(Permission.REMEDIATIONS_LIST));
    routes.get(PATTERNS, this::patterns, RequiredPermission.of(Permission.REMEDIATIONS_LIST));
  }

  private void effectiveness(Context ctx) {
    QueryParams p = new QueryParams(ctx);
    Instant since = p.instant("since").orElseGet(() -> clock.instant().minus(DEFAULT_WINDOW));
    Optional<String> alert = p.matching("alertname", ALERT_NAME, "a Prometheus alert name");
    int rows = p.integer("rows", 1, MAX_ROWS, DEFAULT_ROWS);
    p.check();
    // One row more than shown: whether a list was cut.
    List<ActionEffectiveness> byAlert = StoreCalls.ask("compute success rates",
        () -> history.effectiveness(since, alert, rows + 1));
    List<TargetEffectiveness> byTarget = StoreCalls.ask("compute success rates",
        () -> history.effectivenessByTarget(since, rows + 1));
    Map<String, Views.RateView> allTime = new LinkedHashMap<>();
    alert.ifPresent(a -> StoreCalls.ask("compute success rates", () -> history.successRates(a))
        .forEach((action, rate) -> allTime.put(action, Views.RateView.of(rate))));
    ctx.json(new Effectiveness(since, first(byAlert, rows).stream().map(ActionRate::of).toList(),
        first(byTarget, rows).stream().map(TargetRate::of).toList(), allTime,
        byAlert.size() > rows || byTarget.size() > rows));
  }

  private void patterns(Context ctx) {
    QueryParams p = new QueryParams(ctx);
    Instant since = p.instant("since").orElseGet(() -> clock.instant().minus(DEFAULT_WINDOW));
    int minRemediations = p.integer("minRemediations", 2, 10_000, 2);
    int minAttempts = p.integer("minAttempts", 1, 10_000, 3);
    double below = p.number("ineffectiveBelow", 0.0, 1.0, 0.5);
    Optional<String> alert = p.matching("alertname", ALERT_NAME, "a Prometheus alert name");
    Optional<String> namespace = p.matching("namespace", QueryParams.NAMESPACE, "a namespace name");
    Optional<String> text = p.matching("text", TEXT, "at most 2000 characters of alert text");
    int limit = p.integer("limit", 1, 100, 10);
    double minSimilarity = p.number("minSimilarity", -1.0, 1.0, 0.3);
    int rows = p.integer("rows", 1, MAX_ROWS, DEFAULT_ROWS);
    p.check();
    var found = StoreCalls.ask("find patterns", () -> history.patterns(since, minRemediations, minAttempts, below,
        rows + 1));
    List<Similar> similar = List.of();
    if (alert.isPresent() || namespace.isPresent() || text.isPresent()) {
      Map<String, String> labels = new LinkedHashMap<>();
      alert.ifPresent(a -> labels.put("alertname", a));
      namespace.ifPresent(n -> labels.put("namespace", n));
      IncidentDescription probe = new IncidentDescription(Optional.empty(), labels,
          text.map(t -> Map.of("description", t)).orElse(Map.of()));
      similar = StoreCalls.ask("search similar incidents", () -> history.similar(probe, limit, minSimilarity)).stream()
          .map(s -> new Similar(s.similarity(), Views.RemediationView.of(s.remediation()))).toList();
    }
    ctx.json(new PatternsView(since, first(found.recurring(), rows).stream().map(Recurring::of).toList(),
        first(found.ineffective(), rows).stream().map(ActionRate::of).toList(), similar,
        found.recurring().size() > rows || found.ineffective().size() > rows));
  }

  private static <T> List<T> first(List<T> list, int n) {
    return list.size() > n ? list.subList(0, n) : list;
  }
}

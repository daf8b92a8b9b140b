package io.kubernaut.http.api.console;

import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.out.RemediationBoard;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * The console's read API, the one public entry of this package: {@code GET /api/v1/remediations}
 * (filterable), {@code GET /api/v1/remediations/{name}} (every resource of one remediation),
 * {@code GET /api/v1/storms}, {@code GET /api/v1/blocks} and the live feed
 * {@code GET /api/v1/feed/remediations} (server-sent events). The console's pages themselves are
 * static files under {@link #UI_PATH}, served from {@link #ASSETS} on the classpath.
 */
public final class ConsoleApi {

  /** Where the console is served. */
  public static final String UI_PATH = "/ui";
  /** The classpath folder holding the console's files. */
  public static final String ASSETS = "/kubernaut-console";
  /**
   * The console's Content-Security-Policy: its own files only, no inline script, no framing, and
   * no other origin (it works air-gapped and cannot leak the token elsewhere).
   */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

  /** How often the live feed reads the remediations while a console is connected. */
  static final Duration FEED_INTERVAL = Duration.ofSeconds(1);
  /** How often the live feed sends a comment, so that idle proxies keep the stream open. */
  static final Duration FEED_HEARTBEAT = Duration.ofSeconds(15);

  private ConsoleApi() {}

  /** The console's own files under {@link #UI_PATH}, anonymous (the pages ask for the token). */
  public static RouteGroup assets() {
    return new ConsoleAssets();
  }

  /** The route groups. */
  public static Set<RouteGroup> routes(RemediationBoard board, Clock clock) {
    return Set.of(new BoardRoutes(board, clock), new LiveFeed(board, FEED_INTERVAL, FEED_HEARTBEAT));
  }
}

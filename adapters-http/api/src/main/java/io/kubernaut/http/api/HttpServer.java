package io.kubernaut.http.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.kubernaut.http.api.console.ConsoleApi;
import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.http.api.route.RouteGroup;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Javalin server: the gateway, the REST APIs, health, metrics, OpenAPI and the web console
 * ({@code /ui/}, its files from the classpath). Errors are
 * RFC 7807 problem documents. Shutdown is graceful: readiness turns 503, in-flight requests
 * drain, then the server stops.
 */
public final class HttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
  /** Error answers first read and discard a request body of up to this many times the body limit. */
  static final int DISCARD_FACTOR = 16;

  private final HttpSettings settings;
  private final Set<RouteGroup> routeGroups;
  private final ApiAuthenticator authenticator;
  private final ApiAuthorizer authorizer;
  private final ObjectMapper mapper;
  private final AtomicBoolean draining;
  private Javalin javalin;

  HttpServer(HttpSettings settings, Set<RouteGroup> routeGroups, ApiAuthenticator authenticator,
      ApiAuthorizer authorizer, ObjectMapper mapper, AtomicBoolean draining) {
    this.settings = settings;
    this.routeGroups = Set.copyOf(routeGroups);
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.mapper = mapper;
    this.draining = draining;
  }

  /**
   * Javalin always installs Jetty's session handler, which looks for a session cookie and wraps the
   * response of every request; no route uses HTTP sessions (callers are bearer tokens), so this one
   * passes each request straight on.
   */
  private static final class SessionlessHandler extends SessionHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      Handler next = getHandler();
      return next != null && next.handle(request, response, callback);
    }
  }

  /**
   * Javalin's server counts every request in a Jetty {@link StatisticsHandler}, which wraps each
   * request and response (and every read and write) to notify its listeners; nothing reads those
   * statistics here (metrics come from the routes, graceful stop from the drain), so it is taken
   * out before Javalin adds its servlet context.
   */
  static void withoutStatistics(Server server) {
    if (server.getHandler() instanceof StatisticsHandler statistics) {
      server.setHandler(statistics.getHandler());
    }
  }

  /**
   * The most bytes of request line and headers read: room for a 2,000-character search text of any script
   * (up to 24 KB once percent-encoded) or a large OIDC bearer token. Past it Jetty answers 414 or 431, as
   * problem+json ({@link ProblemErrorHandler}).
   */
  static final int REQUEST_HEADER_BYTES = 32 * 1024;

  /** Starts listening; returns the bound port. */
  public int start() {
    javalin = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.http.prefer405over404 = true;
      cfg.http.maxRequestSize = settings.maxBodyBytes() + 1L;
      cfg.jsonMapper(new JavalinJackson(mapper, false));
      ConsoleApi.assets().addTo(cfg.routes);
      cfg.jetty.modifyServletContextHandler(handler -> handler.setSessionHandler(new SessionlessHandler()));
      cfg.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(REQUEST_HEADER_BYTES));
      cfg.jetty.modifyServer(server -> {
        withoutStatistics(server);
        server.setErrorHandler(new ProblemErrorHandler(mapper, REQUEST_HEADER_BYTES));
      });
      cfg.routes.before("/api/*", authenticator::authenticate);
      cfg.routes.before("/api/*", CharsetChecker::check);
      cfg.routes.beforeMatched("/api/*", authorizer::authorize);
      cfg.routes.exception(HttpProblem.class, this::renderProblem);
      cfg.routes.exception(Exception.class, (e, ctx) -> {
        LOG.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
        renderProblem(new HttpProblem(500, "Internal Server Error",
            "The request failed unexpectedly; the error is logged. Retry, or report it if it persists."), ctx);
      });
      cfg.routes.error(404, ctx -> renderIfEmpty(ctx, 404, "Not Found", "No route matches " + ctx.path() + "."));
      cfg.routes.error(405, ctx -> renderIfEmpty(ctx, 405, "Method Not Allowed",
          ctx.method() + " is not allowed on " + ctx.path() + "."));
      cfg.routes.error(413, ctx -> renderIfEmpty(ctx, 413, "Content Too Large",
          "The body is larger than allowed: at most " + settings.maxBodyBytes()
              + " bytes are accepted. For Alertmanager: split the group with a finer group_by, or raise"
              + " KUBERNAUT_MAX_BODY_BYTES; a lower max_alerts drops the alerts past it for good."));
      // The gateway's routes first: Javalin tries the routes of a method in the order they were added, a
      // regular expression for each one that is not the path itself, and the gateway is asked most often.
      routeGroups.stream().sorted(Comparator.comparing(group -> group instanceof SignalRoutes ? 0 : 1))
          .forEach(group -> group.addTo(cfg.routes));
    });
    javalin.start("0.0.0.0", settings.port());
    LOG.info("HTTP server listening on port {}", javalin.port());
    return javalin.port();
  }

  /** The bound port. */
  public int port() {
    return javalin.port();
  }

  /** Turns readiness to 503 so load balancers stop sending, before {@link #close()}. */
  public void beginDraining() {
    draining.set(true);
  }

  private void renderProblem(HttpProblem problem, Context ctx) {
    discardUnreadBody(ctx);
    problem.writeTo(ctx, mapper);
    ctx.attribute(PROBLEM_WRITTEN, Boolean.TRUE);
  }

  /**
   * Reads and discards what is left of the request body, up to {@link #DISCARD_FACTOR} times the
   * body limit, before an error answer. Jetty closes a connection that still holds unread data, and
   * the sender then sees a reset instead of the 4xx and its advice (a 401 for a wrong token, a 413
   * for too many alerts in one notification).
   */
  private void discardUnreadBody(Context ctx) {
    long limit = (long) settings.maxBodyBytes() * DISCARD_FACTOR;
    if (ctx.req().getContentLengthLong() > limit) {
      return;
    }
    byte[] buffer = new byte[8192];
    try {
      InputStream in = ctx.req().getInputStream();
      long read = 0;
      for (int n = in.read(buffer); n >= 0 && read <= limit; n = in.read(buffer)) {
        read += n;
      }
    } catch (IOException | IllegalStateException e) {
      LOG.debug("The rest of the request body could not be read: {}", e.getMessage());
    }
  }

  private static final String PROBLEM_WRITTEN = "kubernaut.problemWritten";

  private void renderIfEmpty(Context ctx, int status, String title, String detail) {
    // A problem a route threw (such as its own 404 for an unknown name) is kept; the content type
    // was not a reliable sign: a route's 404 problem was replaced by "No route matches".
    if (!Boolean.TRUE.equals(ctx.attribute(PROBLEM_WRITTEN))) {
      renderProblem(new HttpProblem(status, title, detail), ctx);
    }
  }

  /**
   * The HTTP routes this server answers, each as {@code METHOD path} in Javalin's path syntax
   * ({@code {name}} for a path parameter, as in OpenAPI); empty before {@link #start()}.
   */
  public List<String> routes() {
    Javalin running = javalin;
    return running == null ? List.of() : running.unsafe.internalRouter.allHttpHandlers().stream()
        .filter(handler -> handler.endpoint.method.isHttpMethod()) // not the before and after filters
        .map(handler -> handler.endpoint.method.name() + " " + handler.endpoint.path).sorted().toList();
  }

  /** Ends the route groups' open streams (the console's live feed), which would otherwise hold the stop. */
  private void closeStreams() {
    for (RouteGroup group : routeGroups) {
      if (group instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.warn("Could not end the streams of {}: {}", group.getClass().getSimpleName(), e.getMessage());
        }
      }
    }
  }

  @Override
  public void close() {
    if (javalin != null) {
      draining.set(true);
      closeStreams();
      javalin.stop();
      LOG.info("HTTP server stopped");
    }
  }
}

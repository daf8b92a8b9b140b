package io.kubernaut.http.api.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.kubernaut.http.api.route.RouteGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * The console's files, {@code GET /ui/...}, read from {@link ConsoleApi#ASSETS} on the classpath
 * with the console's security headers. Served by this route rather than Javalin's static-file
 * handler: Jetty's handler mounts the whole jar it finds the folder in as a zip file system, which
 * for the operator's fat jar (over 30,000 entries) cost about a third of the main thread's start-up
 * time and kept its index (some 15 MiB) in the heap for a handful of files.
 */
final class ConsoleAssets implements RouteGroup {

  private static final String INDEX = "index.html";
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
      "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml",
      "png", "image/png", "ico", "image/x-icon", "json", "application/json");
  private static final Map<String, String> HEADERS = Map.of("Content-Security-Policy", ConsoleApi.CONTENT_SECURITY_POLICY,
      "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer", "Cache-Control", "no-cache");

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get(ConsoleApi.UI_PATH, ctx -> serve(ctx, INDEX));
    routes.get(ConsoleApi.UI_PATH + "/", ctx -> serve(ctx, INDEX));
    routes.get(ConsoleApi.UI_PATH + "/<file>", ctx -> serve(ctx, ctx.pathParam("file")));
  }

  /** Answers with the file, or 404 for a file the console does not have (or a path leaving its folder). */
  private static void serve(Context ctx, String file) {
    String name = file.isEmpty() || file.endsWith("/") ? file + INDEX : file;
    int dot = name.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    if (type == null || name.contains("..") || name.contains("\\") || name.startsWith("/")) {
      ctx.status(HttpStatus.NOT_FOUND);
      return;
    }
    try (InputStream in = ConsoleAssets.class.getResourceAsStream(ConsoleApi.ASSETS + "/" + name)) {
      if (in == null) {
        ctx.status(HttpStatus.NOT_FOUND);
        return;
      }
      HEADERS.forEach(ctx::header);
      ctx.contentType(type).result(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the console's " + name, e);
    }
  }
}

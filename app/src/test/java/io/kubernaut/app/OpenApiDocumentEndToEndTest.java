package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The served {@code /openapi.json} describes exactly the routes the operator serves: every route
 * registered on its HTTP server (from every route group Dagger contributes) with its method, and
 * nothing that is not served. The console's static pages and the document itself are not API
 * routes and are left out.
 */
class OpenApiDocumentEndToEndTest {

  @RegisterExtension
  static final EmbeddedOperator operator = EmbeddedOperator.builder().build();

  private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

  @Test
  void everyServedRouteIsDescribedWithItsMethodAndEveryDescribedRouteIsServed() throws Exception {
    EmbeddedApp app = operator.app();
    Set<String> served = new TreeSet<>();
    for (String route : app.kubernaut.httpRoutes()) {
      String path = route.substring(route.indexOf(' ') + 1);
      if (!path.equals("/openapi.json") && !path.equals("/ui") && !path.startsWith("/ui/")) {
        served.add(route);
      }
    }
    HttpResponse<String> document = app.get("/openapi.json");
    assertThat(document.statusCode()).isEqualTo(200);
    Set<String> described = new TreeSet<>();
    JsonNode paths = EmbeddedApp.JSON.readTree(document.body()).path("paths");
    paths.fieldNames().forEachRemaining(path -> METHODS.stream().filter(m -> paths.path(path).has(m))
        .forEach(m -> described.add(m.toUpperCase(Locale.ROOT) + " " + path)));

    assertThat(served).as("not vacuous: the gateway, notify and the action catalog are served")
        .contains("POST /api/v1/signals/prometheus", "POST /api/v1/notify", "GET /api/v1/actions");
    assertThat(described).as("every route described is served").isSubsetOf(served);
    assertThat(served).as("every route served is described").isSubsetOf(described);
  }
}

package io.kubernaut.http.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document describes every route of this package. */
class OpenApiDocumentTest {

  @Test
  void everyAuditContextAndIntelligenceRouteIsDescribedWithItsMethod() throws Exception {
    JsonNode paths;
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi.json")) {
      paths = new ObjectMapper().readTree(in).path("paths");
    }
    Map<String, String> routes = Map.of(
        TimelineRoutes.PATH, "get",
        AuditVerifyRoutes.PATH, "get",
        ContextRoutes.PATH, "get",
        IntelligenceRoutes.EFFECTIVENESS, "get",
        IntelligenceRoutes.PATTERNS, "get");

    routes.forEach((path, method) -> assertThat(paths.path(path).has(method)).as(method + " " + path).isTrue());
    assertThat(paths.path(AuditEventRoutes.PATH).has("get")).isTrue();
    assertThat(paths.path(AuditEventRoutes.PATH).has("post")).isTrue();
  }
}

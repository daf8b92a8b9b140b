package io.kubernaut.app;

import io.kubernaut.db.DatabaseSettings;
import io.kubernaut.http.api.HttpServer;
import io.kubernaut.http.api.HttpSettings;
import io.kubernaut.k8s.KubernetesConnection;
import io.kubernaut.k8s.KubernetesSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One gateway replica as production wires it (the Dagger component, the fabric8 store with its
 * dedup cache, Javalin), connected to an API server someone else runs; no controllers, no database.
 */
final class GatewayInstance implements AutoCloseable {

  static final String TOKEN = "gateway-token";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final KubernetesConnection connection;
  private final KubernautComponent component;
  private final HttpServer server;

  GatewayInstance(String apiServerUrl, Map<String, String> env) {
    OperatorConfig config = OperatorConfig.from(env);
    connection = KubernetesConnection.at(apiServerUrl);
    component = DaggerKubernautComponent.builder()
        .connection(connection)
        .kubernetesSettings(new KubernetesSettings(config.namespace(), "gateway-test", false))
        .httpSettings(new HttpSettings(0, Optional.of(TOKEN), config.maxBodyBytes(), config.maxConcurrentIntake(),
            config.hmacSecret()))
        .databaseSettings(new DatabaseSettings(Optional.empty(), "kubernaut", "", Path.of("unused"), Duration.ofSeconds(1)))
        .operatorConfig(config)
        .notificationSettings(io.kubernaut.http.notify.NotificationSettings.of(config.notifyConfig()))
        .investigationSettings(io.kubernaut.http.llm.InvestigationSettings.of(config.investigators(),
            config.llmUrl(), config.llmModel(), config.llmApiKey(), config.holmesGptUrl()))
        .pluginSettings(new io.kubernaut.plugin.host.PluginSettings(config.pluginsDir(), config.actionCallTimeout()))
        .verificationSettings(config.verificationSettings())
        .build();
    server = component.httpServer();
    server.start();
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.close();
    component.operatorRuntime().close(); // never started; closes the store: its last duplicate flush, then no more
    connection.close();
  }
}

package io.kubernaut.app;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded operator for an end-to-end test class, started before its tests in a fresh data
 * directory and stopped after them, with the start-up settings the class asks for (an LLM stub's
 * answer, one test plugin, safety.yaml, the API server's request log):
 *
 * <pre>
 * &#64;RegisterExtension
 * static final EmbeddedOperator operator = EmbeddedOperator.builder().llmAnswering(json).build();
 * </pre>
 */
final class EmbeddedOperator implements BeforeAllCallback, AfterAllCallback {

  private final java.util.function.UnaryOperator<String> llmAnswer;
  private final Map<String, String> config;
  private final boolean keepRequestLog;
  private final TestPlugin plugin;
  private Path dataDir;
  private LlmStub llm;
  private EmbeddedApp app;
  private final Map<String, String> extraSettings;

  private EmbeddedOperator(Builder builder) {
    this.llmAnswer = builder.llmAnswer;
    this.config = Map.copyOf(builder.config);
    this.keepRequestLog = builder.keepRequestLog;
    this.plugin = builder.plugin;
    this.extraSettings = Map.copyOf(builder.settings);
  }

  /** A test plugin's directory name, its jar's file name and the action class the jar holds. */
  private record TestPlugin(String name, String jar, Class<?> action) {}

  static Builder builder() {
    return new Builder();
  }

  /** The start-up settings of one test class's operator. */
  static final class Builder {
    private java.util.function.UnaryOperator<String> llmAnswer;
    private final Map<String, String> config = new HashMap<>();
    private boolean keepRequestLog;
    private TestPlugin plugin;
    private final Map<String, String> settings = new HashMap<>();

    private Builder() {}

    /** Sets the environment variable {@code name} of the operator to {@code value}. */
    Builder setting(String name, String value) {
      settings.put(name, value);
      return this;
    }

    /** Asks an OpenAI-compatible stub first ({@link LlmStub}), which answers {@code content}, then the rule engine. */
    Builder llmAnswering(String content) {
      return llmAnswering(request -> content);
    }

    /** As {@link #llmAnswering(String)}, the stub answering each request's body with {@code content} of it (or holding it). */
    Builder llmAnswering(java.util.function.UnaryOperator<String> content) {
      this.llmAnswer = content;
      return this;
    }

    /**
     * Loads one test plugin: {@code action} in a jar ({@link TestPluginJar}) written to
     * {@code test-plugins/<name>/<jar>} in the data directory, enabled and pinned by its SHA-256.
     */
    Builder plugin(String name, String jar, Class<?> action) {
      this.plugin = new TestPlugin(name, jar, action);
      return this;
    }

    /** Writes {@code safety.yaml} into the kubernaut-config ConfigMap once started, and waits until it is ready. */
    Builder safety(String yaml) {
      return config("safety.yaml", yaml);
    }

    /** Writes data key {@code key} of the kubernaut-config ConfigMap once started, and waits until it is ready. */
    Builder config(String key, String value) {
      config.put(key, value);
      return this;
    }

    /** Keeps the embedded API server's request log, so a test can count the operator's requests. */
    Builder keepRequestLog() {
      this.keepRequestLog = true;
      return this;
    }

    EmbeddedOperator build() {
      return new EmbeddedOperator(this);
    }
  }

  /** The running operator; only between the class's start and stop. */
  EmbeddedApp app() {
    if (app == null) {
      throw new IllegalStateException("The embedded operator runs only while its test class does.");
    }
    return app;
  }

  /** The LLM stub the operator asks, when the builder asked for one. */
  LlmStub llm() {
    return llm;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("kubernaut-e2e");
    Map<String, String> settings = new HashMap<>();
    if (llmAnswer != null) {
      llm = new LlmStub(llmAnswer);
      settings.putAll(llm.settings());
    }
    if (plugin != null) {
      Path pluginsDir = dataDir.resolve("test-plugins");
      String sha256 = TestPluginJar.write(Files.createDirectories(pluginsDir.resolve(plugin.name()))
          .resolve(plugin.jar()), plugin.action());
      settings.put("KUBERNAUT_PLUGINS_DIR", pluginsDir.toString());
      settings.put("KUBERNAUT_ENABLED_PLUGINS", plugin.name());
      settings.put("KUBERNAUT_PLUGIN_SHA256", plugin.name() + "/" + plugin.jar() + "=" + sha256);
    }
    settings.putAll(extraSettings);
    if (keepRequestLog) {
      System.setProperty("kubernaut.embedded.keepRequestLog", "true");
    }
    try {
      app = EmbeddedApp.start(dataDir, settings);
    } finally {
      System.clearProperty("kubernaut.embedded.keepRequestLog");
    }
    if (!config.isEmpty()) {
      var written = app.kube.configMaps().inNamespace(EmbeddedApp.NAMESPACE).resource(new ConfigMapBuilder()
          .withNewMetadata().withName("kubernaut-config").withNamespace(EmbeddedApp.NAMESPACE).endMetadata()
          .addToData(config).build()).createOr(c -> c.update());
      await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/readyz").statusCode() == 200);
      EmbeddedApp.awaitApplied(app.kube, written);
      Thread.sleep(1000); // start-up lists settle
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (app != null) {
        app.close();
      }
    } finally {
      app = null;
      if (llm != null) {
        llm.close();
      }
      delete(dataDir);
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.kubernaut.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The chart rendered by the real Helm library ({@code helm template}), parsed into typed Kubernetes objects. */
final class RenderedChart {

  static final String RELEASE = "kubernaut";
  static final String NAMESPACE = "kubernaut-system";

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Map<List<String>, RenderedChart> CACHE = new ConcurrentHashMap<>();

  private final List<HasMetadata> objects;

  private RenderedChart(List<HasMetadata> objects) {
    this.objects = objects;
  }

  /** The chart directory, {@code charts/kubernaut}, as passed by surefire. */
  static Path chartDir() {
    return Path.of(System.getProperty("chart.dir", "kubernaut")).toAbsolutePath().normalize();
  }

  /** Renders with the chart defaults plus the given values files from {@code src/test/resources/values/}. */
  static RenderedChart withValues(String... valuesFiles) {
    return CACHE.computeIfAbsent(List.of(valuesFiles), files -> new RenderedChart(parse(template(valuesFiles).call())));
  }

  /** What {@code command} renders (uncached: for commands with {@code --set} values). */
  static RenderedChart rendered(TemplateCommand command) {
    return new RenderedChart(parse(command.call()));
  }

  /** A {@code helm template} command for the chart with the given test values files, ready to call. */
  static TemplateCommand template(String... valuesFiles) {
    TemplateCommand command = new Helm(chartDir()).template().withName(RELEASE).withNamespace(NAMESPACE);
    for (String file : valuesFiles) {
      command = command.withValuesFile(testValues(file));
    }
    return command;
  }

  static Path testValues(String file) {
    URL url = RenderedChart.class.getResource("/values/" + file);
    if (url == null) {
      throw new IllegalArgumentException("No test values file values/" + file);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<HasMetadata> parse(String manifest) {
    return Arrays.stream(DOCUMENT_SEPARATOR.split(manifest))
        .filter(RenderedChart::hasContent)
        .map(doc -> (HasMetadata) SERIALIZATION.unmarshal(doc))
        .toList();
  }

  private static boolean hasContent(String document) {
    return document.lines().map(String::strip).anyMatch(line -> !line.isEmpty() && !line.startsWith("#"));
  }

  List<HasMetadata> objects() {
    return objects;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** All rendered objects of {@code kind}, whatever Java type they parsed into. */
  List<HasMetadata> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    return all(type).stream()
        .filter(o -> name.equals(o.getMetadata().getName()))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("No " + type.getSimpleName() + " named " + name + " was rendered"));
  }

  Deployment deployment() {
    return one(Deployment.class, RELEASE);
  }

  /** The operator container's environment, by variable name. */
  Map<String, EnvVar> env() {
    return deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, Function.identity(), (a, b) -> b, LinkedHashMap::new));
  }

  /** Every rule of every rendered Role and ClusterRole. */
  List<PolicyRule> allRules() {
    return Stream.concat(
            all(Role.class).stream().flatMap(r -> r.getRules().stream()),
            all(ClusterRole.class).stream().flatMap(r -> r.getRules() == null ? Stream.empty() : r.getRules().stream()))
        .toList();
  }

  /** The operator's own rules: its ClusterRole plus its namespaced Role. */
  List<PolicyRule> operatorRules() {
    return Stream.concat(one(ClusterRole.class, RELEASE).getRules().stream(), one(Role.class, RELEASE).getRules().stream())
        .toList();
  }
}

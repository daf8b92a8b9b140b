package io.kubernaut.k8s.crd;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Every Kubernaut custom resource kind, and the CRD YAML the build generated for each. */
public final class CrdCatalog {

  /** The kinds, in pipeline order. */
  public static final List<Class<? extends HasMetadata>> KINDS = List.of(AlertRemediation.class, AlertProcessing.class,
      AIAnalysis.class, WorkflowExecution.class, KubernetesExecution.class);

  private CrdCatalog() {}

  /** The classpath location of the generated CRD for {@code kind}. */
  public static String resourcePath(Class<? extends HasMetadata> kind) {
    return "META-INF/fabric8/" + HasMetadata.getFullResourceName(kind) + "-v1.yml";
  }

  /** The generated CRD objects, read from the classpath. */
  public static List<CustomResourceDefinition> definitions() {
    return KINDS.stream().map(CrdCatalog::definition).toList();
  }

  private static CustomResourceDefinition definition(Class<? extends HasMetadata> kind) {
    String path = resourcePath(kind);
    try (InputStream in = CrdCatalog.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("The build did not generate " + path + "; run the Maven build.");
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + path, e);
    }
  }
}

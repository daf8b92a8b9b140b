package io.kubernaut.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubernaut.k8s.crd.CrdCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** charts/kubernaut/crds/ holds exactly the CRDs the build generates from the Java classes, byte for byte. */
class CrdDriftTest {

  static final String REFRESH = "Generated CRDs are never edited by hand. Refresh charts/kubernaut/crds/ with: "
      + "mvn -B -Pupdate-crds -pl charts -am generate-test-resources";

  private static final Path CRDS = RenderedChart.chartDir().resolve("crds");

  @Test
  void everyCatalogKindHasAChartCrdEqualToTheGeneratedOne() throws IOException {
    for (Class<? extends HasMetadata> kind : CrdCatalog.KINDS) {
      String path = CrdCatalog.resourcePath(kind);
      Path chartFile = CRDS.resolve(fileName(path));

      assertThat(chartFile).as("%s is missing. %s", chartFile, REFRESH).isRegularFile();
      assertThat(normalise(Files.readString(chartFile)))
          .as("%s differs from the generated %s. %s", chartFile, path, REFRESH)
          .isEqualTo(normalise(generated(path)));
    }
  }

  @Test
  void crdsFolderHoldsNoFileBesidesTheCatalogKinds() throws IOException {
    List<String> expected = CrdCatalog.KINDS.stream().map(CrdCatalog::resourcePath).map(CrdDriftTest::fileName).toList();
    try (Stream<Path> files = Files.list(CRDS)) {
      assertThat(files.map(f -> f.getFileName().toString()).toList())
          .as("Files in %s. %s", CRDS, REFRESH)
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  private static String generated(String path) throws IOException {
    try (InputStream in = CrdCatalog.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as("The build did not generate %s; build adapters-k8s first.", path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String fileName(String resourcePath) {
    return resourcePath.substring(resourcePath.lastIndexOf('/') + 1);
  }

  private static String normalise(String text) {
    return text.replace("\r\n", "\n");
  }
}

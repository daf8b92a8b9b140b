package com.example.kubernaut.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The stand-alone plugin pom of docs/plugins.md: well-formed, inheriting nothing from Kubernaut's
 * parent, and naming the SPI, fabric8, Java and plugin versions this repository builds with, so
 * that a plugin author who copies it compiles against what the operator ships.
 */
class StandalonePluginPomTest {

  private static final Path DOC = Path.of("..", "..", "docs", "plugins.md");
  private static final Path ROOT_POM = Path.of("..", "..", "pom.xml");
  private static final Path SPI_POM = Path.of("..", "action-spi", "pom.xml");
  private static final Path SERVICES = Path.of("src", "main", "resources", "META-INF", "services",
      "io.kubernaut.spi.action.RemediationAction");

  @Test
  void theDocumentedPomIsWellFormedAndHasNoParent() throws Exception {
    Element project = documentedPom().getDocumentElement();
    assertThat(project.getLocalName()).isEqualTo("project");
    assertThat(project.getNamespaceURI()).isEqualTo("http://maven.apache.org/POM/4.0.0");
    assertThat(child(project, "parent")).as("a <parent> element").isNull();
    assertThat(text(project, "modelVersion")).isEqualTo("4.0.0");
    assertThat(text(project, "groupId")).isNotBlank().doesNotStartWith("io.kubernaut");
    assertThat(text(project, "artifactId")).isNotBlank();
    assertThat(text(project, "version")).isNotBlank();
  }

  @Test
  void theDocumentedPomCompilesAgainstTheVersionsThisRepositoryBuilds() throws Exception {
    Element project = documentedPom().getDocumentElement();
    Map<String, String> rootProperties = properties(parse(Files.readAllBytes(ROOT_POM)).getDocumentElement());
    String spiVersion = text(parse(Files.readAllBytes(SPI_POM)).getDocumentElement(), "version");

    Map<String, String> deps = new HashMap<>();
    for (Element dep : children(child(project, "dependencies"), "dependency")) {
      assertThat(text(dep, "scope")).as("scope of %s", text(dep, "artifactId")).isEqualTo("provided");
      deps.put(text(dep, "groupId") + ":" + text(dep, "artifactId"), resolve(project, text(dep, "version")));
    }
    assertThat(deps).containsOnly(
        Map.entry("io.kubernaut:kubernaut-action-spi", spiVersion),
        Map.entry("io.fabric8:kubernetes-client-api", rootProperties.get("fabric8.version")));
    assertThat(properties(project)).containsEntry("maven.compiler.release", rootProperties.get("maven.compiler.release"));
  }

  @Test
  void theDocumentedPomPinsItsBuildPluginsToTheVersionsThisRepositoryUses() throws Exception {
    Element root = parse(Files.readAllBytes(ROOT_POM)).getDocumentElement();
    Map<String, String> managed = pluginVersions(child(root, "build", "pluginManagement"));
    Map<String, String> documented = pluginVersions(documentedPom().getDocumentElement());
    assertThat(documented).containsKeys("maven-resources-plugin", "maven-compiler-plugin", "maven-surefire-plugin",
        "maven-jar-plugin");
    documented.forEach((plugin, version) -> assertThat(version).as("version of %s", plugin)
        .isEqualTo(resolve(root, managed.get(plugin))));
  }


  @Test
  void theDocumentedServicesLineIsTheExamplePlugins() throws Exception {
    String line = Files.readString(SERVICES).strip();
    assertThat(Files.readString(DOC)).contains("(one line: " + line + ")");
    assertThat(line).isEqualTo(AnnotateWorkload.class.getName());
  }

  /** The first ```xml block of docs/plugins.md, parsed. */
  private static Document documentedPom() throws Exception {
    Matcher m = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
    assertThat(m.find()).as("an ```xml block in %s", DOC).isTrue();
    return parse(m.group(1).getBytes(StandardCharsets.UTF_8));
  }

  private static Document parse(byte[] xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
  }

  /** {@code value}, or the property it names as {@code ${name}}; null stays null. */
  private static String resolve(Element project, String value) {
    if (value == null) {
      return null;
    }
    Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
    return m.matches() ? properties(project).get(m.group(1)) : value;
  }

  private static Map<String, String> properties(Element project) {
    Map<String, String> result = new HashMap<>();
    Element properties = child(project, "properties");
    if (properties != null) {
      for (Element p : children(properties, null)) {
        result.put(p.getLocalName(), p.getTextContent().strip());
      }
    }
    return result;
  }

  /** artifactId → version of the plugins under {@code <build><plugins>} (or {@code <plugins>} of {@code at}). */
  private static Map<String, String> pluginVersions(Element at) {
    Element plugins = child(at, "plugins");
    if (plugins == null) {
      plugins = child(at, "build", "plugins");
    }
    Map<String, String> result = new HashMap<>();
    for (Element plugin : children(plugins, "plugin")) {
      result.put(text(plugin, "artifactId"), text(plugin, "version"));
    }
    return result;
  }

  private static Element child(Element parent, String... path) {
    Element at = parent;
    for (String name : path) {
      List<Element> found = at == null ? List.of() : children(at, name);
      at = found.isEmpty() ? null : found.get(0);
    }
    return at;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> result = new ArrayList<>();
    if (parent == null) {
      return result;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && (name == null || name.equals(e.getLocalName()))) {
        result.add(e);
      }
    }
    return result;
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent().strip();
  }
}

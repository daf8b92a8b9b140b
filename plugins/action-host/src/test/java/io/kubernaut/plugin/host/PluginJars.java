package io.kubernaut.plugin.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Builds plugin directories for tests: jars of fixture classes, or a copy of a built jar. */
final class PluginJars {

  private PluginJars() {}

  /** Writes {@code plugins/<dir>/<dir>.jar} holding the given classes and a services file naming the actions. */
  static Path jar(Path pluginsDir, String dir, Class<?>[] classes, Class<?>... actions) throws IOException {
    Path pluginDir = Files.createDirectories(pluginsDir.resolve(dir));
    Path jar = pluginDir.resolve(dir + ".jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out)) {
      for (Class<?> c : classes) {
        String entry = c.getName().replace('.', '/') + ".class";
        jos.putNextEntry(new JarEntry(entry));
        try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
          in.transferTo(jos);
        }
        jos.closeEntry();
      }
      jos.putNextEntry(new JarEntry("META-INF/services/io.kubernaut.spi.action.RemediationAction"));
      StringBuilder services = new StringBuilder();
      for (Class<?> a : actions) {
        services.append(a.getName()).append('\n');
      }
      jos.write(services.toString().getBytes(StandardCharsets.UTF_8));
      jos.closeEntry();
    }
    return jar;
  }

  /** Copies the example plugin's built jar into {@code plugins/example/}. */
  static Path examplePlugin(Path pluginsDir) throws IOException {
    String location = System.getProperty("kubernaut.examplePluginJar");
    if (location == null) {
      throw new IllegalStateException("System property kubernaut.examplePluginJar is not set; run through Maven.");
    }
    Path built = Path.of(location);
    if (!Files.isRegularFile(built)) {
      throw new IllegalStateException("The example plugin jar " + built + " was not built; build plugins/example-plugin first.");
    }
    Path dir = Files.createDirectories(pluginsDir.resolve("example"));
    return Files.copy(built, dir.resolve(built.getFileName()));
  }
}

package io.kubernaut.app;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Packs one test action class into a plugin jar, as the operator's plugins directory expects. */
final class TestPluginJar {

  private static final String SERVICES = "META-INF/services/io.kubernaut.spi.action.RemediationAction";

  private TestPluginJar() {}

  /**
   * Writes a jar holding {@code action}'s compiled class (from the test class path) and its
   * services entry, nothing else; returns the jar's SHA-256 for its pin.
   */
  static String write(Path jar, Class<?> action) throws Exception {
    String classFile = action.getName().replace('.', '/') + ".class";
    byte[] bytes;
    try (InputStream in = action.getClassLoader().getResourceAsStream(classFile)) {
      bytes = in.readAllBytes();
    }
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry(classFile));
      out.write(bytes);
      out.closeEntry();
      out.putNextEntry(new JarEntry(SERVICES));
      out.write((action.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
  }
}

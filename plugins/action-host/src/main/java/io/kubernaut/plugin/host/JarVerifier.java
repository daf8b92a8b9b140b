package io.kubernaut.plugin.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a plugin's jars against their SHA-256 pins before any class of the plugin is loaded. A
 * plugin without pins passes unchecked; a plugin with pins passes only when every jar in its
 * directory is pinned, every pinned jar is there, and every digest matches.
 */
final class JarVerifier {

  private final JarPins pins;

  JarVerifier(JarPins pins) {
    this.pins = pins;
  }

  /** Empty when the plugin may load; otherwise the sentences saying why it is refused. */
  Optional<String> refusal(String plugin, List<Path> jars) {
    if (!pins.pinsAnyJarOf(plugin)) {
      return Optional.empty();
    }
    List<String> problems = new ArrayList<>();
    for (Path jar : jars) {
      String name = jar.getFileName().toString();
      Optional<String> expected = pins.expected(plugin, name);
      if (expected.isEmpty()) {
        problems.add("Jar " + jar + " has no SHA-256 pin, but plugin " + plugin + " pins its jars, so each must be pinned.");
        continue;
      }
      try {
        String actual = sha256(jar);
        if (!actual.equals(expected.get())) {
          problems.add("Jar " + jar + " has SHA-256 " + actual + ", but its pin expects " + expected.get() + ".");
        }
      } catch (IOException e) {
        problems.add("Jar " + jar + " cannot be read to check its SHA-256 pin: " + e.getMessage() + ".");
      }
    }
    Set<String> present = jars.stream().map(j -> j.getFileName().toString()).collect(Collectors.toSet());
    for (String pinned : pins.jarsOf(plugin)) {
      if (!present.contains(pinned)) {
        problems.add("Pinned jar " + plugin + "/" + pinned + " is missing from the plugin directory.");
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", problems));
  }

  /** The lower-case hex SHA-256 of a file. */
  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime provides SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}

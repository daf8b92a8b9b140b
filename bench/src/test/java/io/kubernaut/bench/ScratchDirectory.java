package io.kubernaut.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A round's directory under {@code target/}: the embedded PostgreSQL's and API server's data, the operator's
 * files, its logs. When the round ends its data goes (every subdirectory and every file but the logs and
 * histograms, {@code *.log} and {@code *.txt}, kept for reading), and so does the data that earlier rounds of the
 * same benchmark left when they were killed.
 *
 * <p>Before, every round left its data behind: 1.1 GB in {@code bench/target} after a day of runs (whether that
 * slowed later runs was not shown: docs/benchmarks.md, 2026-12-07 16:36-17:48). {@code -Dbench.keepData=true} keeps
 * everything.
 */
final class ScratchDirectory implements AutoCloseable {

  private static final boolean KEEP = Boolean.getBoolean("bench.keepData");

  private final Path path;

  private ScratchDirectory(Path path) {
    this.path = path;
  }

  /** A new directory {@code target/<prefix><random>}, after the data of earlier ones of that name is gone. */
  static ScratchDirectory create(String prefix) throws IOException {
    Path target = Path.of("target").toAbsolutePath();
    Files.createDirectories(target);
    if (!KEEP) {
      Pattern earlier = Pattern.compile(Pattern.quote(prefix) + "-?\\d+");
      try (Stream<Path> siblings = Files.list(target)) {
        for (Path sibling : siblings.filter(Files::isDirectory)
            .filter(p -> earlier.matcher(p.getFileName().toString()).matches()).toList()) {
          trim(sibling);
        }
      }
    }
    return new ScratchDirectory(Files.createTempDirectory(target, prefix));
  }

  Path path() {
    return path;
  }

  Path resolve(String name) {
    return path.resolve(name);
  }

  /** Deletes the round's data; its logs and histograms stay. Call once every process using it has stopped. */
  @Override
  public void close() {
    if (!KEEP) {
      trim(path);
    }
  }

  private static void trim(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (Files.isDirectory(entry) || !(name.endsWith(".log") || name.endsWith(".txt"))) {
          deleteTree(entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the data in " + dir, e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    List<Path> all;
    try (Stream<Path> walk = Files.walk(root)) {
      all = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }
}

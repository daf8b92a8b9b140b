package io.kubernaut.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees the embedded PostgreSQL's data directory before a start. After {@code kill -9} of the
 * operator its postmaster lives on (it is a daemon, not a child that dies with the JVM) and holds
 * {@code postmaster.pid}, so the next {@code pg_ctl start} fails; after a container restart the
 * file names a process that is gone, or a PID now reused by another process.
 *
 * <p>The directory is only touched when no live process owns it: zonky holds an OS file lock on
 * {@code epg-lock} in the data directory while its JVM lives, and the lock dies with the JVM. Then
 * the PID in {@code postmaster.pid} is stopped when it is a {@code postgres} process working in
 * this very directory ({@code /proc/<pid>/cwd}; a postmaster changes into its data directory) —
 * SIGTERM (a smart shutdown: the orphan has no clients left), and SIGKILL for it and its backends
 * after the grace period — and otherwise the file is stale and removed.
 */
final class OrphanedPostmasterReaper {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostmasterReaper.class);
  private static final String PID_FILE = "postmaster.pid";
  private static final String ZONKY_LOCK = "epg-lock";

  /** What a start found in the data directory. */
  enum Finding {
    /** No {@code postmaster.pid}: the last stop was clean, or the directory is new. */
    CLEAN,
    /** {@code postmaster.pid} named no live postmaster of this directory and was removed. */
    STALE_PID_FILE_REMOVED,
    /** A postmaster orphaned by a dead operator held the directory and was stopped. */
    ORPHAN_STOPPED,
    /** A live process still holds zonky's lock on the directory; nothing was touched. */
    OWNED_BY_LIVE_PROCESS
  }

  private final Path dataDir;
  private final Duration grace;

  OrphanedPostmasterReaper(Path dataDir, Duration grace) {
    this.dataDir = dataDir;
    this.grace = grace;
  }

  /** Frees the data directory for a new postmaster, if it needs to be and may be. */
  Finding reap() {
    Path pidFile = dataDir.resolve(PID_FILE);
    if (!Files.exists(pidFile)) {
      return Finding.CLEAN;
    }
    if (ownedByLiveProcess()) {
      LOG.warn("{} exists but another live process holds {}; leaving the embedded PostgreSQL data directory alone.",
          pidFile, dataDir.resolve(ZONKY_LOCK));
      return Finding.OWNED_BY_LIVE_PROCESS;
    }
    Optional<ProcessHandle> orphan = pidIn(pidFile).flatMap(ProcessHandle::of).filter(this::isPostmasterHere);
    if (orphan.isPresent()) {
      stop(orphan.get());
      deleteQuietly(pidFile);
      return Finding.ORPHAN_STOPPED;
    }
    LOG.info("Removing the stale {}: no postmaster of this data directory runs under its PID.", pidFile);
    deleteQuietly(pidFile);
    return Finding.STALE_PID_FILE_REMOVED;
  }

  /** Whether zonky's lock on the data directory is held by a live process (this JVM included). */
  private boolean ownedByLiveProcess() {
    Path lockFile = dataDir.resolve(ZONKY_LOCK);
    if (!Files.exists(lockFile)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      return lock == null;
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot tell whether a live process owns " + dataDir, e);
    }
  }

  /** The postmaster's PID: the first line of {@code postmaster.pid}, if it is a number. */
  private static Optional<Long> pidIn(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (NumberFormatException | NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + pidFile, e);
    }
  }

  /** A live {@code postgres} process whose working directory is this data directory. */
  private boolean isPostmasterHere(ProcessHandle process) {
    try {
      String command = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).split("\0", 2)[0];
      Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd").toRealPath();
      return process.isAlive() && Path.of(command).getFileName().toString().equals("postgres")
          && cwd.equals(dataDir.toRealPath());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Stops the orphan: SIGTERM, then after the grace period SIGKILL for it and its backends. */
  private void stop(ProcessHandle postmaster) {
    LOG.warn("An orphaned PostgreSQL (PID {}) of a previous run still holds {}; stopping it.",
        postmaster.pid(), dataDir);
    List<ProcessHandle> backends = postmaster.descendants().toList();
    postmaster.destroy();
    if (!exited(postmaster, grace)) {
      LOG.warn("The orphaned PostgreSQL (PID {}) did not stop within {}; killing it and its {} backends.",
          postmaster.pid(), grace, backends.size());
      postmaster.destroyForcibly();
      backends.forEach(ProcessHandle::destroyForcibly);
      exited(postmaster, grace);
    }
    backends.forEach(b -> exited(b, grace));
  }

  private static boolean exited(ProcessHandle process, Duration wait) {
    try {
      process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Could not remove {}: {}", file, e.getMessage());
    }
  }
}

package io.kubernaut.db;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A stand-in for the operator in embedded mode, run as its own JVM by {@link OrphanedPostmasterTest}:
 * it starts the embedded PostgreSQL on the data directory given as the only argument, prints
 * {@code READY} once the schema is migrated, and then waits to be killed. Killed with SIGKILL, it
 * leaves its postmaster running, as {@code kill -9} of the operator does.
 */
final class OrphaningOperator {

  private OrphaningOperator() {}

  public static void main(String[] args) throws InterruptedException {
    Database database = new Database(new DatabaseSettings(Optional.empty(), "", "", Path.of(args[0]),
        Duration.ofSeconds(5))).start();
    System.out.println(database.health().ready() ? "READY" : "FAILED " + database.health().detail());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}

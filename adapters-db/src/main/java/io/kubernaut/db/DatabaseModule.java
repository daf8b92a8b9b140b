package io.kubernaut.db;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.kubernaut.ports.out.HealthIndicator;
import javax.inject.Singleton;

/** The database adapter's one public Dagger module. Needs {@link DatabaseSettings}. */
@Module
public abstract class DatabaseModule {

  private DatabaseModule() {}

  @Provides
  @Singleton
  static Database database(DatabaseSettings settings) {
    return new Database(settings);
  }

  @Provides
  @IntoSet
  static HealthIndicator databaseHealth(Database database) {
    return database;
  }
}

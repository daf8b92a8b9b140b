package io.kubernaut.http.action;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.kubernaut.http.RouteGroup;
import io.kubernaut.ports.out.ActionCatalog;

/** The action catalog's HTTP routes as a public Dagger module: needs an {@link ActionCatalog}. */
@Module
public final class ActionRouteModule {

  private ActionRouteModule() {}

  @Provides
  @IntoSet
  static RouteGroup actionRoutes(ActionCatalog catalog) {
    return new ActionRoutes(catalog);
  }
}

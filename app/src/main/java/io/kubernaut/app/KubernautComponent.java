package io.kubernaut.app;

import dagger.BindsInstance;
import dagger.Component;
import io.kubernaut.db.Database;
import io.kubernaut.db.DatabaseModule;
import io.kubernaut.db.DatabaseSettings;
import io.kubernaut.http.HttpModule;
import io.kubernaut.http.action.ActionRouteModule;
import io.kubernaut.http.HttpServer;
import io.kubernaut.http.HttpSettings;
import io.kubernaut.http.audit.AuditApiModule;
import io.kubernaut.http.investigation.InvestigationModule;
import io.kubernaut.http.investigation.InvestigationSettings;
import io.kubernaut.http.notify.NotificationModule;
import io.kubernaut.http.notify.NotificationSettings;
import io.kubernaut.k8s.KubernetesConnection;
import io.kubernaut.k8s.KubernetesModule;
import io.kubernaut.k8s.KubernetesSettings;
import io.kubernaut.k8s.runtime.OperatorRuntime;
import io.kubernaut.plugin.host.ActionHostModule;
import io.kubernaut.plugin.host.PluginSettings;
import javax.inject.Singleton;

/** The composition root: the only place that sees every module. */
@Singleton
@Component(modules = {CoreModule.class, KubernetesModule.class, HttpModule.class, DatabaseModule.class, NotificationModule.class,
    AuditApiModule.class, InvestigationModule.class, ActionHostModule.class, ActionRouteModule.class})
interface KubernautComponent {

  Database database();

  OperatorRuntime operatorRuntime();

  HttpServer httpServer();

  @Component.Builder
  interface Builder {
    @BindsInstance
    Builder connection(KubernetesConnection connection);

    @BindsInstance
    Builder kubernetesSettings(KubernetesSettings settings);

    @BindsInstance
    Builder httpSettings(HttpSettings settings);

    @BindsInstance
    Builder databaseSettings(DatabaseSettings settings);

    @BindsInstance
    Builder notificationSettings(NotificationSettings settings);

    @BindsInstance
    Builder operatorConfig(OperatorConfig config);

    @BindsInstance
    Builder investigationSettings(InvestigationSettings settings);

    @BindsInstance
    Builder pluginSettings(PluginSettings settings);

    KubernautComponent build();
  }
}

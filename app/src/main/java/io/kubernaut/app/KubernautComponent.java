package io.kubernaut.app;

import dagger.BindsInstance;
import dagger.Component;
import io.kubernaut.db.Database;
import io.kubernaut.db.DatabaseModule;
import io.kubernaut.db.DatabaseSettings;
import io.kubernaut.http.api.HttpModule;
import io.kubernaut.http.api.HttpServer;
import io.kubernaut.http.api.HttpSettings;
import io.kubernaut.http.llm.InvestigationSettings;
import io.kubernaut.http.llm.InvestigatorModule;
import io.kubernaut.http.metrics.MetricsModule;
import io.kubernaut.http.notify.NotificationModule;
import io.kubernaut.http.notify.NotificationSettings;
import io.kubernaut.http.verification.VerificationModule;
import io.kubernaut.http.verification.VerificationSettings;
import io.kubernaut.k8s.KubernetesConnection;
import io.kubernaut.k8s.KubernetesModule;
import io.kubernaut.k8s.KubernetesSettings;
import io.kubernaut.k8s.remediation.AuditReprojector;
import io.kubernaut.k8s.runtime.OperatorRuntime;
import io.kubernaut.plugin.host.ActionHostModule;
import io.kubernaut.plugin.host.PluginSettings;
import javax.inject.Singleton;

/** The composition root: the only place that sees every module. */
@Singleton
@Component(modules = {CoreModule.class, SealModule.class, KubernetesModule.class, HttpModule.class, DatabaseModule.class, NotificationModule.class,
    InvestigatorModule.class, MetricsModule.class, VerificationModule.class, ActionHostModule.class})
interface KubernautComponent {

  Database database();

  OperatorRuntime operatorRuntime();

  AuditReprojector auditReprojector();

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

    @BindsInstance
    Builder verificationSettings(VerificationSettings settings);

    KubernautComponent build();
  }
}

package io.kubernaut.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped logback configurations keep fabric8's mock web server (two JUL INFO lines per API
 * request in embedded mode) below INFO, and copy their levels to JUL so that such records are not
 * even built.
 */
class ShippedLoggingConfigurationTest {

  @ParameterizedTest
  @ValueSource(strings = {"/logback.xml", "/logback-json.xml"})
  void theMockServersPerRequestLinesAreNotLoggedAtInfoAndJulFollowsLogbacksLevels(String file) throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource(file));

    assertThat(context.getLogger("io.fabric8.mockwebserver.MockWebServer").isInfoEnabled()).as(file).isFalse();
    assertThat(context.getLogger("io.fabric8.kubernetes.client.server.mock.KubernetesMockServer").isInfoEnabled())
        .as(file).isFalse();
    assertThat(context.getLogger("io.kubernaut.app.Kubernaut").isInfoEnabled()).as(file).isTrue();
    assertThat(context.getCopyOfListenerList()).as(file).hasAtLeastOneElementOfType(LevelChangePropagator.class);
    context.stop();
  }
}

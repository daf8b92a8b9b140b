package io.kubernaut.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped logback configurations keep fabric8's mock web server (two JUL INFO lines per API
 * request in embedded mode) below INFO, and copy their levels to JUL so that such records are not
 * even built. The JSON log's {@code message} is the formatted line.
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

  @Test
  void theJsonLogsMessageIsTheFormattedLineWithoutTheTemplateOrItsArguments() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    context.setMDCAdapter(new LogbackMDCAdapter());
    configurator.doConfigure(getClass().getResource("/logback-json.xml"));
    Logger logger = context.getLogger("io.kubernaut.app.Kubernaut");
    @SuppressWarnings("unchecked")
    ConsoleAppender<ILoggingEvent> appender =
        (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("JSON");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO,
        "{} - Starting {} controllers", null, new Object[] {"operator", 5});

    String line = new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);

    assertThat(line).contains("\"message\":\"operator - Starting 5 controllers\"")
        .doesNotContain("{} - Starting").doesNotContain("\"arguments\"")
        .contains("\"level\":\"INFO\"").contains("\"loggerName\":\"io.kubernaut.app.Kubernaut\"");
    context.stop();
  }
}

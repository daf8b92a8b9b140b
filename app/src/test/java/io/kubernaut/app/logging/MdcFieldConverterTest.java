package io.kubernaut.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.status.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console pattern of the shipped {@code logback.xml}, applied to events with and without MDC. */
class MdcFieldConverterTest {

  private final LoggerContext context = new LoggerContext();
  private Layout<ILoggingEvent> layout;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void configureFromTheShippedLogbackXml() throws Exception {
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback.xml"));
    assertThat(context.getStatusManager().getCopyOfStatusList()).as("logback.xml configures without warnings")
        .allSatisfy(status -> assertThat(status.getLevel()).isLessThan(Status.WARN));
    var appender = (OutputStreamAppender<ILoggingEvent>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        .getAppender("CONSOLE");
    layout = ((LayoutWrappingEncoder<ILoggingEvent>) appender.getEncoder()).getLayout();
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  private String format(Map<String, String> mdc) {
    LoggingEvent event = new LoggingEvent("test", context.getLogger("io.kubernaut.k8s.reconciler.AlertRemediationReconciler"),
        Level.INFO, "AlertRemediation ar-1 moved from Processing to Analyzing", null, null);
    event.setMDCPropertyMap(mdc);
    return layout.doLayout(event);
  }

  @Test
  void mdcValuesPrintAsKeyValuePairsInBracketsAfterTheLoggerName() {
    Map<String, String> mdc = new LinkedHashMap<>();
    mdc.put("fingerprint", "7ace0a020e");
    mdc.put("remediation", "ar-1");
    assertThat(format(mdc)).contains("i.k.k.r.AlertRemediationReconciler [remediation=ar-1 fingerprint=7ace0a020e] - "
        + "AlertRemediation ar-1 moved from Processing to Analyzing");
  }

  @Test
  void onlyTheKeysThatAreSetArePrintedPipelineKeysFirstAndOthersByName() {
    Map<String, String> mdc = new LinkedHashMap<>();
    mdc.put("zone", "b");
    mdc.put("execution", "ar-1-workflow-step-1");
    mdc.put("attempt", "2");
    mdc.put("remediation", "ar-1");
    assertThat(format(mdc)).contains(" [remediation=ar-1 execution=ar-1-workflow-step-1 attempt=2 zone=b] - ")
        .doesNotContain("fingerprint=");
  }

  @Test
  void theOperatorSdksResourceKeysAreLeftOut() {
    Map<String, String> mdc = new LinkedHashMap<>();
    mdc.put("resource.kind", "WorkflowExecution");
    mdc.put("resource.name", "ar-1-workflow");
    mdc.put("remediation", "ar-1");
    assertThat(format(mdc)).contains(" [remediation=ar-1] - ").doesNotContain("resource.");
    assertThat(format(Map.of("resource.kind", "AIAnalysis"))).doesNotContain("[");
  }

  @Test
  void aLineWithoutMdcHasNoBrackets() {
    assertThat(format(Map.of())).contains("i.k.k.r.AlertRemediationReconciler - AlertRemediation ar-1")
        .doesNotContain("[");
  }
}

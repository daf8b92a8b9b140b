package io.kubernaut.app.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints the MDC of a log line as {@code " [remediation=ar-1 fingerprint=7ace0a020e]"}: only the
 * keys that are set, the pipeline's own keys first in a fixed order, any others after them by
 * name; nothing at all when none is set. The Java Operator SDK's {@code resource.*} keys (eight per
 * reconcile: kind, name, uid, resourceVersion...) are left to the JSON log, since the controllers'
 * messages name their resource. Used as {@code %mdcFields} in {@code logback.xml}.
 */
public final class MdcFieldConverter extends ClassicConverter {

  /** The keys the pipeline sets, in the order they are printed. */
  static final List<String> PIPELINE_KEYS = List.of("remediation", "fingerprint", "execution", "executionId");

  /** The prefix of the keys the Java Operator SDK sets around each reconcile. */
  static final String OPERATOR_SDK_PREFIX = "resource.";

  @Override
  public String convert(ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc == null || mdc.isEmpty()) {
      return "";
    }
    StringBuilder line = new StringBuilder(" [");
    for (String key : PIPELINE_KEYS) {
      append(line, key, mdc.get(key));
    }
    Map<String, String> others = new TreeMap<>(mdc);
    others.keySet().removeAll(PIPELINE_KEYS);
    others.keySet().removeIf(key -> key.startsWith(OPERATOR_SDK_PREFIX));
    others.forEach((key, value) -> append(line, key, value));
    if (line.length() == 2) {
      return "";
    }
    return line.append(']').toString();
  }

  private static void append(StringBuilder line, String key, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    if (line.length() > 2) {
      line.append(' ');
    }
    line.append(key).append('=').append(value);
  }
}

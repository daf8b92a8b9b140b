package io.kubernaut.app.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Logback's JSON encoder with the line's text in {@code message}: the plain encoder writes the
 * template there ({@code "{} - Starting..."}) and the values in a separate {@code arguments} array,
 * which a log query cannot search as a sentence; its {@code withFormattedMessage} option adds the
 * text under another name ({@code formattedMessage}) instead. This one gives the encoder each event
 * with its message already formatted and no arguments, so {@code message} reads as the console
 * line does. Used by {@code logback-json.xml} (cluster mode).
 */
public final class FormattedJsonEncoder extends JsonEncoder {

  public FormattedJsonEncoder() {
    setWithArguments(false);
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return super.encode(formatted(event));
  }

  /** The event as seen with its message formatted and its arguments consumed. */
  static ILoggingEvent formatted(ILoggingEvent event) {
    return (ILoggingEvent) Proxy.newProxyInstance(ILoggingEvent.class.getClassLoader(), new Class<?>[] {ILoggingEvent.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getMessage" -> event.getFormattedMessage();
          case "getArgumentArray" -> null;
          default -> {
            try {
              yield method.invoke(event, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          }
        });
  }
}

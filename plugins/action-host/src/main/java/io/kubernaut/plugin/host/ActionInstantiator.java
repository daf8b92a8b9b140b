package io.kubernaut.plugin.host;

import io.kubernaut.spi.action.ActionDescriptor;
import io.kubernaut.spi.action.RemediationAction;
import java.time.Duration;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Instantiates one action provider and reads its descriptor on a daemon thread of its own, under
 * a deadline, so a plugin whose constructor or {@code descriptor()} hangs or throws cannot block
 * or crash start-up: the caller gets a {@link Refusal} with a sentence instead. A hung thread is
 * interrupted and abandoned; it cannot be stopped.
 */
final class ActionInstantiator {

  private final Duration deadline;

  ActionInstantiator(Duration deadline) {
    this.deadline = deadline;
  }

  /** An action that could not be instantiated or described in time; the message is a sentence. */
  static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    Refusal(String message) {
      super(message);
    }
  }

  /** Instantiates and describes the provider's action, or refuses it naming the step that failed. */
  LoadedAction instantiate(ServiceLoader.Provider<RemediationAction> provider, String source) throws Refusal {
    Class<?> type = provider.type();
    AtomicReference<String> step = new AtomicReference<>("its constructor");
    FutureTask<LoadedAction> task = new FutureTask<>(() -> {
      RemediationAction action = provider.get();
      step.set("its descriptor()");
      ActionDescriptor d = action.descriptor();
      if (d == null) {
        throw new IllegalStateException("descriptor() returned null");
      }
      return new LoadedAction(action, d, source, type.getClassLoader());
    });
    Thread thread = new Thread(task, "kubernaut-plugin-load-" + type.getSimpleName());
    thread.setDaemon(true);
    thread.setContextClassLoader(type.getClassLoader());
    thread.start();
    try {
      return task.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      thread.interrupt();
      throw new Refusal("Action " + type.getName() + " from " + source + ": " + step.get() + " did not finish within "
          + deadline.toMillis() + " ms (KUBERNAUT_PLUGIN_LOAD_TIMEOUT_SECONDS); its thread was interrupted and abandoned.");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ServiceConfigurationError && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (PluginLoader.spiMismatch(cause)) {
        throw new PluginLoadException("Action " + type.getName() + " from " + source + " needs a part of the action SPI "
            + "this operator does not have (SPI " + io.kubernaut.spi.action.SpiVersion.CURRENT + "): " + step.get()
            + " failed with " + cause + ". It was built against a newer kubernaut-action-spi; rebuild it against "
            + io.kubernaut.spi.action.SpiVersion.CURRENT + " or upgrade the operator.", cause);
      }
      throw new Refusal("Action " + type.getName() + " from " + source + ": " + step.get() + " failed with " + cause + ".");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.interrupt();
      throw new PluginLoadException("Interrupted while loading action " + type.getName() + " from " + source + ".", e);
    }
  }
}

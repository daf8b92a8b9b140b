package io.kubernaut.plugin.host;

import io.kubernaut.spi.action.ActionDescriptor;
import io.kubernaut.spi.action.RemediationAction;

/** A loaded action with its descriptor (read once), where it came from, and its class loader. */
record LoadedAction(RemediationAction action, ActionDescriptor descriptor, String source, ClassLoader classLoader) {}

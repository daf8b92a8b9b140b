package io.kubernaut.plugin.host;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plugin directory. Classes of the SPI, the JDK, fabric8, Jackson and
 * SLF4J come from the host (parent-first), so plugin and host share one {@code KubernetesClient}
 * type and one SPI; everything else is looked up in the plugin's own jars first (child-first),
 * so a plugin may bundle library versions different from the host's.
 */
final class PluginClassLoader extends URLClassLoader {

  static final List<String> PARENT_FIRST = List.of(
      "java.", "javax.", "jdk.", "sun.", "io.kubernaut.spi.", "io.fabric8.", "com.fasterxml.jackson.", "org.slf4j.");

  static {
    ClassLoader.registerAsParallelCapable();
  }

  private final String pluginName;

  PluginClassLoader(String pluginName, URL[] jars, ClassLoader parent) {
    super("plugin-" + pluginName, jars, parent);
    this.pluginName = pluginName;
  }

  String pluginName() {
    return pluginName;
  }

  static boolean isParentFirst(String name) {
    String dotted = name.replace('/', '.');
    return PARENT_FIRST.stream().anyMatch(dotted::startsWith);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (isParentFirst(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        try {
          c = findClass(name);
        } catch (ClassNotFoundException notInPlugin) {
          return super.loadClass(name, resolve);
        }
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  public URL getResource(String name) {
    if (isParentFirst(name)) {
      return super.getResource(name);
    }
    URL own = findResource(name);
    return own != null ? own : super.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
    if (getParent() != null) {
      urls.addAll(Collections.list(getParent().getResources(name)));
    }
    return Collections.enumeration(urls);
  }
}

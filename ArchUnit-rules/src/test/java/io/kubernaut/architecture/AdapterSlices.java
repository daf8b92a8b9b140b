package io.kubernaut.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * Puts each adapter's classes in its own slice, so that adapters can be checked against each other.
 * The HTTP adapters are one slice per Maven sub-module of {@code adapters-http} ({@code http.api},
 * {@code http.notify}, {@code http.llm}, {@code http.metrics}, {@code http.verification}); any other {@code io.kubernaut.http}
 * package is a slice of its own, so it cannot slip between them.
 */
final class AdapterSlices implements SliceAssignment {

  private static final String[] ADAPTERS = {"http.api", "http.notify", "http.llm", "http.metrics",
      "http.verification", "http", "k8s", "db", "plugin.host"};

  @Override
  public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
    String pkg = javaClass.getPackageName();
    for (String adapter : ADAPTERS) {
      if (pkg.equals("io.kubernaut." + adapter) || pkg.startsWith("io.kubernaut." + adapter + ".")) {
        return SliceIdentifier.of(adapter);
      }
    }
    return SliceIdentifier.ignore();
  }

  @Override
  public String getDescription() {
    return "one slice per adapter (one per HTTP sub-module)";
  }
}

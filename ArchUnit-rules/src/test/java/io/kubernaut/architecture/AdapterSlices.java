package io.kubernaut.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/** Puts each adapter's classes in its own slice, so that adapters can be checked against each other. */
final class AdapterSlices implements SliceAssignment {

  @Override
  public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
    String pkg = javaClass.getPackageName();
    for (String adapter : new String[] {"k8s", "http", "db", "plugin.host"}) {
      if (pkg.equals("io.kubernaut." + adapter) || pkg.startsWith("io.kubernaut." + adapter + ".")) {
        return SliceIdentifier.of(adapter);
      }
    }
    return SliceIdentifier.ignore();
  }

  @Override
  public String getDescription() {
    return "one slice per adapter";
  }
}

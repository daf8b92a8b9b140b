package io.kubernaut.actions.builtin;

import io.kubernaut.spi.action.AccessNeed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Shapes of the access the built-ins declare: verbs on the target, per workload kind, plus extras. */
final class Access {

  private Access() {}

  /** One need per verb on the target object, which is of {@code group/resource}. */
  static List<AccessNeed> onTarget(String group, String resource, String... verbs) {
    return Arrays.stream(verbs).map(v -> AccessNeed.onTarget(group, resource, v)).toList();
  }

  /** One need per verb on the target workload, for each workload kind accepted (apps group). */
  static List<AccessNeed> onWorkloads(Set<String> kinds, String... verbs) {
    List<AccessNeed> needs = new ArrayList<>();
    for (String kind : new TreeSet<>(kinds)) {
      for (String verb : verbs) {
        needs.add(AccessNeed.onTarget(Workloads.GROUP, Workloads.resourceOf(kind), verb).forKind(kind));
      }
    }
    return List.copyOf(needs);
  }

  /** These needs followed by more. */
  static List<AccessNeed> plus(List<AccessNeed> needs, AccessNeed... more) {
    List<AccessNeed> all = new ArrayList<>(needs);
    all.addAll(List.of(more));
    return List.copyOf(all);
  }
}

package io.kubernaut.k8s.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.k8s.crd.CrdCatalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares the CustomResourceDefinitions installed in the cluster with those this operator was built
 * with. Helm installs a chart's {@code crds/} once and never upgrades them, so after a {@code helm
 * upgrade} the operator can run on older definitions: the API server then drops every status field
 * they lack (a seal, so every remediation would fail at its processing), refuses a phase their enum
 * lacks, and no longer enforces a rule they lack (a spec made immutable). What is found is said as
 * sentences that name the field; fields the installed definitions have beyond this operator's (a newer
 * release's, after a rollback) are no difference, as the API server keeps them and the operator never
 * reads them. Constraints they add (a pattern, a bound, a required field, a rule, an enum where this
 * operator has none) are cautions: told, not held against the start, since they may be a newer
 * release's after a rollback, which must not stall.
 */
public final class InstalledCrdInspector {

  /**
   * What an inspection found.
   *
   * @param differences one sentence per thing of this operator's the installed definitions lack (a field, a type,
   *     an enum value, a rule, a version, the status subresource), empty when they have it all
   * @param cautions one sentence per constraint the installed definitions add beyond this operator's (a pattern,
   *     a bound, a required field, a rule, an enum): a newer release's after a rollback, or an older one's; told,
   *     not held against the start, since a rollback must not stall on them
   * @param unchecked a sentence naming the definitions that could not be read (the service account may not get
   *     them), else null
   */
  public record Inspection(List<String> differences, List<String> cautions, String unchecked) {
    public Inspection {
      differences = List.copyOf(differences);
      cautions = List.copyOf(cautions);
    }

    /** Whether the controllers may start: nothing of this operator's is missing from what could be read. */
    public boolean matches() {
      return differences.isEmpty();
    }
  }

  /** What a comparison found: what is missing (held against the start) and what is added (told). */
  record Findings(List<String> differences, List<String> cautions) {}

  private final KubernetesClient client;
  private final List<CustomResourceDefinition> bundled;

  /** Compares with the definitions this build generated ({@link CrdCatalog}). */
  public InstalledCrdInspector(KubernetesClient client) {
    this(client, CrdCatalog.definitions());
  }

  InstalledCrdInspector(KubernetesClient client, List<CustomResourceDefinition> bundled) {
    this.client = client;
    this.bundled = List.copyOf(bundled);
  }

  /**
   * Reads each definition by name and compares it. A 403 leaves that definition unchecked (the chart
   * grants {@code get} on exactly these names; a hand-made role may not), a 404 is a difference, and
   * anything else is thrown, for the caller to try again.
   */
  public Inspection inspect() {
    List<String> differences = new ArrayList<>();
    List<String> cautions = new ArrayList<>();
    List<String> forbidden = new ArrayList<>();
    for (CustomResourceDefinition wanted : bundled) {
      String name = wanted.getMetadata().getName();
      CustomResourceDefinition installed;
      try {
        installed = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 403) {
          forbidden.add(name);
          continue;
        }
        throw e;
      }
      if (installed == null) {
        differences.add(name + " is not installed.");
        continue;
      }
      Findings found = compare(wanted, installed);
      differences.addAll(found.differences());
      cautions.addAll(found.cautions());
    }
    return new Inspection(differences, cautions, forbidden.isEmpty() ? null : "The operator may not read CustomResourceDefinition"
        + (forbidden.size() == 1 ? " " : "s ") + String.join(", ", forbidden) + " (HTTP 403), so it cannot check that"
        + " they are its own; grant get on the customresourcedefinitions named " + String.join(", ", names())
        + " as the chart's ClusterRole does.");
  }

  private List<String> names() {
    return bundled.stream().map(c -> c.getMetadata().getName()).toList();
  }

  /** How {@code installed} falls short of {@code wanted}, one sentence each (pure). */
  static List<String> differences(CustomResourceDefinition wanted, CustomResourceDefinition installed) {
    return compare(wanted, installed).differences();
  }

  /** What {@code installed} falls short of and adds to {@code wanted}, one sentence each (pure). */
  static Findings compare(CustomResourceDefinition wanted, CustomResourceDefinition installed) {
    List<String> found = new ArrayList<>();
    List<String> cautions = new ArrayList<>();
    String name = wanted.getMetadata().getName();
    for (CustomResourceDefinitionVersion version : wanted.getSpec().getVersions()) {
      CustomResourceDefinitionVersion there = installed.getSpec().getVersions().stream()
          .filter(v -> version.getName().equals(v.getName())).findFirst().orElse(null);
      String at = name + " " + version.getName();
      if (there == null || !Boolean.TRUE.equals(there.getServed())) {
        found.add(at + " is not served.");
        continue;
      }
      if (version.getSubresources() != null && version.getSubresources().getStatus() != null
          && (there.getSubresources() == null || there.getSubresources().getStatus() == null)) {
        found.add(at + " has no status subresource, so status writes fail.");
      }
      if (version.getSchema() != null && version.getSchema().getOpenAPIV3Schema() != null) {
        JSONSchemaProps have = there.getSchema() == null ? null : there.getSchema().getOpenAPIV3Schema();
        if (have == null) {
          found.add(at + " has no schema.");
        } else {
          compare(at, "", version.getSchema().getOpenAPIV3Schema(), have, found, cautions);
        }
      }
    }
    return new Findings(found, cautions);
  }

  private static void compare(String at, String path, JSONSchemaProps want, JSONSchemaProps have, List<String> found,
      List<String> cautions) {
    String field = path.isEmpty() ? "the root" : path;
    String there = at + ": " + field;
    if (want.getType() != null && have.getType() != null && !want.getType().equals(have.getType())) {
      found.add(there + " is of type " + have.getType() + ", not " + want.getType() + ", so writes of it are refused.");
      return;
    }
    if (Boolean.TRUE.equals(want.getXKubernetesIntOrString()) && !Boolean.TRUE.equals(have.getXKubernetesIntOrString())) {
      found.add(there + " takes only one of an integer or a string, so writes of the other are refused.");
    }
    if (Boolean.TRUE.equals(want.getNullable()) && !Boolean.TRUE.equals(have.getNullable())) {
      found.add(there + " is not nullable, so the API server drops a null written there.");
    }
    Set<String> values = values(want.getEnum());
    Set<String> allowed = values(have.getEnum());
    if (!allowed.isEmpty() && values.isEmpty()) {
      cautions.add(there + " allows only " + String.join(", ", allowed) + " there, so writes of other values are refused.");
    } else if (!allowed.isEmpty() && !allowed.containsAll(values)) {
      values.removeAll(allowed);
      found.add(there + " does not allow " + String.join(", ", values) + ", so writes of it are refused.");
    }
    if (have.getPattern() != null && !have.getPattern().equals(want.getPattern())) {
      cautions.add(there + " must match " + have.getPattern() + (want.getPattern() == null ? "" : ", not " + want.getPattern())
          + ", so writes of it may be refused.");
    }
    tighter(there, "at most", "characters", want.getMaxLength(), have.getMaxLength(), true, cautions);
    tighter(there, "at least", "characters", want.getMinLength(), have.getMinLength(), false, cautions);
    tighter(there, "at most", "items", want.getMaxItems(), have.getMaxItems(), true, cautions);
    tighter(there, "at least", "items", want.getMinItems(), have.getMinItems(), false, cautions);
    tighter(there, "at most", "", want.getMaximum(), have.getMaximum(), true, cautions);
    tighter(there, "at least", "", want.getMinimum(), have.getMinimum(), false, cautions);
    List<String> required = new ArrayList<>(orEmpty(have.getRequired()));
    required.removeAll(orEmpty(want.getRequired()));
    for (String key : required) {
      cautions.add(at + ": " + (path.isEmpty() ? key : path + "." + key) + " is required there, not by this operator,"
          + " so writes without it are refused.");
    }
    for (ValidationRule rule : orEmpty(want.getXKubernetesValidations())) {
      if (orEmpty(have.getXKubernetesValidations()).stream().noneMatch(r -> Objects.equals(r.getRule(), rule.getRule()))) {
        found.add(there + " lacks the rule " + rule.getRule()
            + (rule.getMessage() == null ? "" : " (" + rule.getMessage() + ")") + ", so it is not enforced.");
      }
    }
    for (ValidationRule rule : orEmpty(have.getXKubernetesValidations())) {
      if (orEmpty(want.getXKubernetesValidations()).stream().noneMatch(r -> Objects.equals(r.getRule(), rule.getRule()))) {
        cautions.add(there + " has the rule " + rule.getRule() + ", which this operator's has not, so writes it allows may"
            + " be refused.");
      }
    }
    // The API server keeps whatever is written below a node that preserves unknown fields or an open map.
    boolean keepsAll = Boolean.TRUE.equals(have.getXKubernetesPreserveUnknownFields()) || openMap(have);
    if (Boolean.TRUE.equals(want.getXKubernetesPreserveUnknownFields()) && !keepsAll) {
      found.add(there + " does not preserve unknown fields, so the API server drops what this operator keeps there.");
    }
    Map<String, JSONSchemaProps> declared = have.getProperties() == null ? Map.of() : have.getProperties();
    JSONSchemaProps entries = have.getAdditionalProperties() == null ? null : have.getAdditionalProperties().getSchema();
    if (want.getProperties() != null) {
      want.getProperties().forEach((key, sub) -> {
        String child = path.isEmpty() ? key : path + "." + key;
        JSONSchemaProps installed = declared.containsKey(key) ? declared.get(key) : entries;
        if (installed != null) {
          compare(at, child, sub, installed, found, cautions); // a declared field, or an entry of the installed map
        } else if (!keepsAll) {
          found.add(at + ": " + child + " is missing, so the API server drops it.");
        }
      });
    }
    if (want.getItems() != null && want.getItems().getSchema() != null) {
      JSONSchemaProps items = have.getItems() == null ? null : have.getItems().getSchema();
      if (items != null) {
        compare(at, path + "[]", want.getItems().getSchema(), items, found, cautions);
      } else if (!keepsAll) {
        found.add(at + ": " + path + "[] has no item schema, so the API server drops what its items hold.");
      }
    }
    if (want.getAdditionalProperties() != null && want.getAdditionalProperties().getSchema() != null) {
      if (entries != null) {
        compare(at, path + "{}", want.getAdditionalProperties().getSchema(), entries, found, cautions);
      } else if (!keepsAll) {
        found.add(at + ": " + path + "{} is missing, so the API server drops its entries.");
      }
    }
  }

  /** Adds a difference when the installed bound ({@code have}) is tighter than this operator's ({@code want}). */
  private static void tighter(String there, String bound, String unit, Number want, Number have, boolean upper,
      List<String> found) {
    if (have == null) {
      return;
    }
    boolean stricter = want == null || (upper ? have.doubleValue() < want.doubleValue() : have.doubleValue() > want.doubleValue());
    if (stricter) {
      found.add(there + " must be " + bound + " " + number(have) + (unit.isEmpty() ? "" : " " + unit) + " there"
          + (want == null ? "" : ", not " + number(want)) + ", so writes of it may be refused.");
    }
  }

  /** A bound as a schema writes it: a whole number without its fraction. */
  private static String number(Number n) {
    return n.doubleValue() == Math.rint(n.doubleValue()) ? String.valueOf(n.longValue()) : n.toString();
  }

  /** A map whose entries are kept whatever they hold ({@code additionalProperties: true}). */
  private static boolean openMap(JSONSchemaProps have) {
    return have.getAdditionalProperties() != null && Boolean.TRUE.equals(have.getAdditionalProperties().getAllows())
        && have.getAdditionalProperties().getSchema() == null;
  }

  private static Set<String> values(List<JsonNode> values) {
    Set<String> set = new LinkedHashSet<>();
    orEmpty(values).forEach(v -> set.add(v.isTextual() ? v.asText() : v.toString()));
    return set;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}

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
 * reads them.
 */
public final class InstalledCrdInspector {

  /**
   * What an inspection found.
   *
   * @param differences one sentence per difference, empty when the installed definitions are this operator's
   * @param unchecked a sentence when they could not be read (the service account may not get them), else null
   */
  public record Inspection(List<String> differences, String unchecked) {
    public Inspection {
      differences = List.copyOf(differences);
    }

    /** Whether the controllers may start: nothing differs, or the definitions could not be read. */
    public boolean matches() {
      return differences.isEmpty();
    }
  }

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
   * Reads each definition by name and compares it. A 403 makes the inspection unchecked (the chart
   * grants {@code get} on exactly these names; a hand-made role may not), and anything else but a 404
   * is thrown, for the caller to try again.
   */
  public Inspection inspect() {
    List<String> differences = new ArrayList<>();
    for (CustomResourceDefinition wanted : bundled) {
      String name = wanted.getMetadata().getName();
      CustomResourceDefinition installed;
      try {
        installed = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 403) {
          return new Inspection(List.of(), "The operator may not read CustomResourceDefinition " + name
              + " (HTTP 403), so it cannot check that the installed definitions are its own; grant get on the"
              + " customresourcedefinitions named " + names() + " as the chart's ClusterRole does.");
        }
        throw e;
      }
      if (installed == null) {
        differences.add(name + " is not installed.");
        continue;
      }
      differences.addAll(differences(wanted, installed));
    }
    return new Inspection(differences, null);
  }

  private List<String> names() {
    return bundled.stream().map(c -> c.getMetadata().getName()).toList();
  }

  /** How {@code installed} falls short of {@code wanted}, one sentence each (pure). */
  static List<String> differences(CustomResourceDefinition wanted, CustomResourceDefinition installed) {
    List<String> found = new ArrayList<>();
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
          compare(at, "", version.getSchema().getOpenAPIV3Schema(), have, found);
        }
      }
    }
    return found;
  }

  private static void compare(String at, String path, JSONSchemaProps want, JSONSchemaProps have, List<String> found) {
    String field = path.isEmpty() ? "the root" : path;
    if (want.getType() != null && have.getType() != null && !want.getType().equals(have.getType())) {
      found.add(at + ": " + field + " is of type " + have.getType() + ", not " + want.getType() + ", so writes of it are refused.");
      return;
    }
    Set<String> values = values(want.getEnum());
    Set<String> allowed = values(have.getEnum());
    if (!values.isEmpty() && !allowed.isEmpty() && !allowed.containsAll(values)) {
      values.removeAll(allowed);
      found.add(at + ": " + field + " does not allow " + String.join(", ", values) + ", so writes of it are refused.");
    }
    for (ValidationRule rule : orEmpty(want.getXKubernetesValidations())) {
      boolean kept = orEmpty(have.getXKubernetesValidations()).stream()
          .anyMatch(r -> Objects.equals(r.getRule(), rule.getRule()));
      if (!kept) {
        found.add(at + ": " + field + " lacks the rule " + rule.getRule()
            + (rule.getMessage() == null ? "" : " (" + rule.getMessage() + ")") + ", so it is not enforced.");
      }
    }
    if (Boolean.TRUE.equals(have.getXKubernetesPreserveUnknownFields())) {
      return; // the API server keeps whatever is written below
    }
    Map<String, JSONSchemaProps> there = have.getProperties() == null ? Map.of() : have.getProperties();
    if (want.getProperties() != null) {
      want.getProperties().forEach((key, sub) -> {
        String child = path.isEmpty() ? key : path + "." + key;
        if (there.containsKey(key)) {
          compare(at, child, sub, there.get(key), found);
        } else if (!openMap(have)) {
          found.add(at + ": " + child + " is missing, so the API server drops it.");
        }
      });
    }
    if (want.getItems() != null && want.getItems().getSchema() != null) {
      JSONSchemaProps items = have.getItems() == null ? null : have.getItems().getSchema();
      if (items == null) {
        found.add(at + ": " + path + "[] has no item schema, so the API server drops what its items hold.");
      } else {
        compare(at, path + "[]", want.getItems().getSchema(), items, found);
      }
    }
    if (want.getAdditionalProperties() != null && want.getAdditionalProperties().getSchema() != null) {
      JSONSchemaProps entries = have.getAdditionalProperties() == null ? null : have.getAdditionalProperties().getSchema();
      if (entries == null && !openMap(have)) {
        found.add(at + ": " + path + "{} is missing, so the API server drops its entries.");
      } else if (entries != null) {
        compare(at, path + "{}", want.getAdditionalProperties().getSchema(), entries, found);
      }
    }
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

package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One distinct problem, from the first alert to its outcome. Created by the gateway. */
@Group(KubernautLabels.GROUP)
@Version("v1alpha1")
@Kind("AlertRemediation")
@Singular("alertremediation")
@Plural("alertremediations")
@ShortNames("ar")
@Categories(KubernautLabels.CATEGORY)
@JsonClassDescription("One distinct problem, from the first alert to its outcome. The gateway creates it; the central controller drives it through processing, analysis and a workflow, and records the outcome.")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Environment", jsonPath = ".status.environment", type = Type.STRING)
@AdditionalPrinterColumn(name = "Priority", jsonPath = ".status.priority", type = Type.STRING)
@AdditionalPrinterColumn(name = "Alert", jsonPath = ".spec.alertName", type = Type.STRING)
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.target.name", type = Type.STRING)
@AdditionalPrinterColumn(name = "Outcome", jsonPath = ".status.outcome", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(name = "Duplicates", jsonPath = ".status.duplicates.count", type = Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "Blocked Until", jsonPath = ".status.blockedUntil", type = Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", type = Type.STRING, priority = 1)
public class AlertRemediation extends CustomResource<AlertRemediationSpec, AlertRemediationStatus> implements Namespaced {
  private static final long serialVersionUID = 1L;
}

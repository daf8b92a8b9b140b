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

/** Enriches one alert with cluster context, classifies environment and priority, and routes it. */
@Group(KubernautLabels.GROUP)
@Version("v1alpha1")
@Kind("AlertProcessing")
@Singular("alertprocessing")
@Plural("alertprocessings")
@ShortNames("ap")
@Categories(KubernautLabels.CATEGORY)
@JsonClassDescription("Enriches one alert with cluster context, classifies its environment and priority, and routes it to analysis or straight to a workflow.")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Environment", jsonPath = ".status.environment", type = Type.STRING)
@AdditionalPrinterColumn(name = "Priority", jsonPath = ".status.priority", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(name = "Path", jsonPath = ".status.path", type = Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", type = Type.STRING, priority = 1)
public class AlertProcessing extends CustomResource<AlertProcessingSpec, AlertProcessingStatus> implements Namespaced {
  private static final long serialVersionUID = 1L;
}

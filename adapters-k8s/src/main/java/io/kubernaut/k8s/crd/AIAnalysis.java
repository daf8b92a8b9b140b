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

/** Root cause and recommended actions for one remediation, from the investigator chain. */
@Group(KubernautLabels.GROUP)
@Version("v1alpha1")
@Kind("AIAnalysis")
@Singular("aianalysis")
@Plural("aianalyses")
@ShortNames("aia")
@Categories(KubernautLabels.CATEGORY)
@JsonClassDescription("The root cause and recommended actions for one remediation, from the investigator chain, with the gates' verdict on whether a human must approve.")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Confidence", jsonPath = ".status.confidence", type = Type.NUMBER)
@AdditionalPrinterColumn(name = "Approval", jsonPath = ".status.approvalRequired", type = Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(name = "Investigator", jsonPath = ".status.investigator", type = Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Root Cause", jsonPath = ".status.rootCause", type = Type.STRING, priority = 1)
public class AIAnalysis extends CustomResource<AIAnalysisSpec, AIAnalysisStatus> implements Namespaced {
  private static final long serialVersionUID = 1L;
}

package io.kubernaut.k8s.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
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
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Confidence", jsonPath = ".status.confidence", type = Type.NUMBER)
@AdditionalPrinterColumn(name = "Approval", jsonPath = ".status.approvalRequired", type = Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Investigator", jsonPath = ".status.investigator", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class AIAnalysis extends CustomResource<AIAnalysisSpec, AIAnalysisStatus> implements Namespaced {
  private static final long serialVersionUID = 1L;
}

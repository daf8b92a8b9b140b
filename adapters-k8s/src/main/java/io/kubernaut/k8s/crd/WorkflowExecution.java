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

/** A DAG of remediation steps with validation, rollback and monitoring. */
@Group(KubernautLabels.GROUP)
@Version("v1alpha1")
@Kind("WorkflowExecution")
@Singular("workflowexecution")
@Plural("workflowexecutions")
@ShortNames("wfe")
@Categories(KubernautLabels.CATEGORY)
@JsonClassDescription("A DAG of remediation steps, each run as a KubernetesExecution, with validation, rollback and a monitoring window that decides the outcome.")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Step", jsonPath = ".status.progress", type = Type.STRING)
@AdditionalPrinterColumn(name = "Outcome", jsonPath = ".status.outcome", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", type = Type.STRING, priority = 1)
public class WorkflowExecution extends CustomResource<WorkflowExecutionSpec, WorkflowExecutionStatus> implements Namespaced {
  private static final long serialVersionUID = 1L;
}

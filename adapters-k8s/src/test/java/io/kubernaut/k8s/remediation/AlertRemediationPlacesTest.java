package io.kubernaut.k8s.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.ArgumentMatchers.argThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.config.BaseConfigurationService;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.kubernaut.core.lifecycle.RemediationConductor;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.fakes.Resources;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import io.kubernaut.ports.audit.AuditEventType;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.out.Notifier;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The central controller with the real conductor and one place in the pipeline, against the CRUD
 * mock API server: a second remediation waits in Pending (Queued, nothing created) while the first
 * works, and is reconciled, then started, as soon as the first ends.
 */
@EnableKubernetesMockClient(crud = true)
class AlertRemediationPlacesTest {

  private static final String NS = Resources.NS;

  KubernetesClient client;

  @SuppressWarnings("unchecked")
  private final Context<AlertRemediation> context = mock(Context.class);
  private final List<String> turns = new CopyOnWriteArrayList<>();
  private AlertRemediationReconciler reconciler;
  private final AuditTrail audit = mock(AuditTrail.class);

  @BeforeEach
  @SuppressWarnings("unchecked")
  void setUp() {
    lenient().when(audit.record(any())).thenReturn(RecordResult.QUEUED);
    PolicySource policies = mock(PolicySource.class);
    when(policies.current()).thenReturn(PipelinePolicy.defaults());
    reconciler = new AlertRemediationReconciler(new RemediationConductor(), client, policies, audit, mock(Notifier.class),
        mock(PipelineMetrics.class), PrimaryRelays.on(client), mock(io.kubernaut.k8s.safety.DisruptionLedger.class), Clock.fixed(Resources.RECEIVED.plusSeconds(40),
            ZoneOffset.UTC), 1);
    var configuration = new BaseConfigurationService().getConfigurationFor(reconciler);
    List<EventSource<?, AlertRemediation>> sources = reconciler.prepareEventSources(new EventSourceContext<>(
        mock(IndexerResourceCache.class), configuration, client, AlertRemediation.class));
    EventSource<?, AlertRemediation> source = sources.stream().filter(s -> s.name().equals("remediation-turns"))
        .findFirst().orElseThrow();
    source.setEventHandler(event -> turns.add(event.getRelatedCustomResourceID().getName()));
    source.start();
    client.resource(Resources.remediation()).create();
    AlertRemediation second = Resources.remediation();
    second.getMetadata().setName("ar-2");
    second.getMetadata().setCreationTimestamp(Resources.RECEIVED.plusSeconds(1).toString());
    client.resource(second).create();
  }

  private AlertRemediation get(String name) {
    return client.resources(AlertRemediation.class).inNamespace(NS).withName(name).get();
  }

  private boolean processingOf(String name) {
    return client.resources(AlertProcessing.class).inNamespace(NS).withName(name + "-processing").get() != null;
  }

  @Test
  void aSecondRemediationWaitsQueuedWhileTheOnlyPlaceIsTakenAndStartsWhenTheFirstEnds() throws Exception {
    reconciler.reconcile(get("ar-1"), context);
    assertThat(get("ar-1").getStatus().getPhase()).isEqualTo(RemediationPhase.Processing);

    reconciler.reconcile(get("ar-2"), context);

    AlertRemediation waiting = get("ar-2");
    assertThat(waiting.getStatus().getPhase()).isEqualTo(RemediationPhase.Pending);
    assertThat(waiting.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getReason()).isEqualTo("Queued");
      assertThat(c.getMessage()).isEqualTo("AlertRemediation ar-2 waits for a place in the pipeline: 1 remediations "
          + "are working and 1 may at once (KUBERNAUT_MAX_REMEDIATIONS_IN_FLIGHT); it is next. It starts when one of "
          + "them ends, awaits approval or monitors its workflow.");
    });
    assertThat(processingOf("ar-2")).as("nothing is created for a waiting remediation").isFalse();
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).as("waiting is no transition: no event")
        .noneSatisfy(e -> assertThat(e.getInvolvedObject().getName()).isEqualTo("ar-2"));
    assertThat(turns).isEmpty();

    client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-1")
        .edit(ar -> { ar.getMetadata().setAnnotations(Map.of(KubernautLabels.CANCEL, "true")); return ar; });
    reconciler.reconcile(get("ar-1"), context);

    assertThat(get("ar-1").getStatus().getPhase()).isEqualTo(RemediationPhase.Cancelled);
    assertThat(turns).as("the first's end reconciles the one waiting").containsExactly("ar-2");
    reconciler.reconcile(get("ar-2"), context);
    assertThat(get("ar-2").getStatus().getPhase()).isEqualTo(RemediationPhase.Processing);
    assertThat(processingOf("ar-2")).isTrue();
    verify(audit).record(argThat(e -> e.type() == AuditEventType.PHASE_TRANSITION
        && e.idempotencyKey().equals("ar-2/phase/ar-2/Processing")));
  }

  @Test
  void aWaitingRemediationIsStillCancelledAndItsEndWakesNoOne() throws Exception {
    reconciler.reconcile(get("ar-1"), context);
    reconciler.reconcile(get("ar-2"), context);
    client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-2")
        .edit(ar -> { ar.getMetadata().setAnnotations(Map.of(KubernautLabels.CANCEL, "true")); return ar; });

    reconciler.reconcile(get("ar-2"), context);

    assertThat(get("ar-2").getStatus().getPhase()).isEqualTo(RemediationPhase.Cancelled);
    assertThat(processingOf("ar-2")).isFalse();
    assertThat(turns).isEmpty();
  }
}

package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kubernaut.db.AuditKey;
import io.kubernaut.db.DatabaseSettings;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AIAnalysisStatus;
import io.kubernaut.k8s.status.StatusSealer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The seal on results is keyed from the audit key, and takes the seals of its retired keys. */
class SealModuleTest {

  private static StatusSealer sealer(Optional<AuditKey> key) {
    return SealModule.statusSealer(new DatabaseSettings(Optional.empty(), "u", "p", Path.of("unused"), key));
  }

  @Test
  void aResultSealedUnderTheAuditKeyBeforeARotationVerifiesOnlyWhileThatKeyIsRetiredNotDropped() {
    AuditKey old = AuditKey.of("o".repeat(40));
    AuditKey current = AuditKey.of("n".repeat(40));
    AIAnalysis aia = new AIAnalysis();
    aia.setMetadata(new ObjectMetaBuilder().withName("ar-1-analysis").withNamespace("kubernaut-system").withUid("u-1")
        .build());
    aia.setStatus(sealer(Optional.of(old)).seal(aia, new AIAnalysisStatus()));

    assertThat(sealer(Optional.of(current.withRetired(List.of(old)))).broken(aia)).isEmpty();
    assertThat(sealer(Optional.of(current)).broken(aia)).as("the old key dropped").isPresent();
    assertThat(sealer(Optional.empty()).enabled()).as("no audit key: nothing sealed").isFalse();
  }
}

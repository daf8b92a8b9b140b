package io.kubernaut.k8s.analysis;

import io.kubernaut.ports.pipeline.StoredJson;

import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AIAnalysisStatus;
import io.kubernaut.k8s.crd.DroppedRecommendation;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.ports.analysis.AnalysisResult;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.pipeline.AnalysisPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the status an AIAnalysis ends with (the full phase history and the chain's validated, gated
 * result), and the one it shows while an investigation that calls out is under way.
 */
final class AIAnalysisStatusWriter {

  /** The investigator name the chain reports when no investigator answered at all. */
  static final String NOBODY = "none";

  private AIAnalysisStatusWriter() {}

  /**
   * The most bytes of JSON an analysis's status is written with (as the API server stores it: {@code <},
   * {@code >}, {@code &}, U+2028 and U+2029 escaped as six bytes each). The API server stores an object of
   * about 1.5 MiB at most, and the chain's bounds (20 actions, 64 KiB of parameters, drops of 1,000
   * characters, a 2,000-character root cause) keep an answer far below this; should the sum of
   * its parts pass it (a chain of many investigators, each dropping twenty actions), the drops
   * past it are counted in one entry instead of listed, and a status that would pass it without any
   * drop is not written: the analysis fails, saying why.
   */
  static final int MAX_STATUS_BYTES = 512 * 1024;

  static AIAnalysisStatus finished(AIAnalysis aia, AnalysisResult r, Instant started, Instant done) {
    if (NOBODY.equals(r.investigator())) {
      return failed(aia, "no investigator answered (" + String.join("; ", r.fallbacks()) + ")", started, done);
    }
    AIAnalysisStatus s = complete(aia, r, started, done);
    long size = bytes(s);
    if (size <= MAX_STATUS_BYTES) {
      return s;
    }
    List<DroppedRecommendation> drops = s.getDropped();
    s.setDropped(List.of());
    long left = MAX_STATUS_BYTES - bytes(s) - SUMMARY_RESERVE;
    if (left < 0) {
      return failed(aia, r.investigator() + "'s answer would make a status of " + size + " bytes, more than the "
          + MAX_STATUS_BYTES + " an analysis is written with, even without its drops, so it is refused", started, done,
          ConditionReason.AnswerTooLarge);
    }
    List<DroppedRecommendation> kept = new java.util.ArrayList<>();
    for (DroppedRecommendation d : drops) {
      long one = bytes(d) + 1;
      if (one > left) {
        break;
      }
      kept.add(d);
      left -= one;
    }
    kept.add(new DroppedRecommendation("", (drops.size() - kept.size()) + " more drops are not listed: all "
        + drops.size() + " would make the status " + size + " bytes, more than the " + MAX_STATUS_BYTES
        + " an analysis is written with."));
    s.setDropped(kept);
    return s;
  }

  /** Room kept for the entry that counts the drops not listed. */
  private static final int SUMMARY_RESERVE = 512;

  private static long bytes(Object o) {
    try {
      // Jackson writes the characters the API server widens (StoredJson.widened) as they are: '<', '>' and '&' as
      // one byte, U+2028 and U+2029 as three of UTF-8 (E2 80 A8, E2 80 A9); the API server stores each as six.
      var counter = new java.io.OutputStream() {
        long n;
        int last;
        int beforeLast;

        @Override
        public void write(int value) {
          int b = value & 0xff;
          n += b < 0x80 && StoredJson.widened((char) b) ? StoredJson.ESCAPE_BYTES : 1;
          if (beforeLast == 0xe2 && last == 0x80 && StoredJson.widened((char) (0x2000 | (b & 0x3f)))) {
            n += StoredJson.ESCAPE_BYTES - 3;
          }
          beforeLast = last;
          last = b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
          for (int i = off; i < off + len; i++) {
            write(b[i]);
          }
        }
      };
      io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().writeValue(counter, o);
      return counter.n;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("An analysis status could not be written as JSON", e);
    }
  }

  private static AIAnalysisStatus complete(AIAnalysis aia, AnalysisResult r, Instant started, Instant done) {
    AIAnalysisStatus s = new AIAnalysisStatus();
    s.setStartTime(started.toString());
    s.phaseHistory().add(new PhaseTransition(AnalysisPhase.Investigating.name(), started.toString(),
        "Asking the investigator chain about " + aia.getSpec().getAlertName() + "."));
    s.setPhaseHistory(StatusPatches.withTransition(s, AnalysisPhase.Analyzing.name(), done,
        r.investigator() + " answered" + (r.fallbacks().isEmpty() ? "" : " after " + r.fallbacks().size()
            + " fallbacks") + "; validating its recommendations against the action catalog."));
    s.setPhaseHistory(StatusPatches.withTransition(s, AnalysisPhase.Recommending.name(), done,
        r.recommendations().size() + " recommendations passed validation and " + r.dropped().size()
            + " were dropped; ranking and gating them."));
    s.setInvestigator(r.investigator());
    s.setRootCause(r.rootCause());
    s.setEvidence(r.evidence());
    s.setRecommendations(r.recommendations());
    s.setDropped(r.dropped().stream().map(d -> new DroppedRecommendation(d.action(),
        d.investigator() + " proposed it for " + d.target() + ": " + d.reason())).toList());
    s.setFallbacks(r.fallbacks());
    s.setConfidence(r.confidence());
    s.setApprovalRequired(r.approvalRequired());
    s.setRecommendOnly(r.recommendOnly());
    StatusPatches.transition(aia, s, AnalysisPhase.Completed, s::setPhase, ConditionReason.Analyzed, message(aia, r), done);
    if (!r.fallbacks().isEmpty()) {
      s.setConditions(StatusPatches.withCondition(s.getConditions(), "Degraded", true, ConditionReason.Degraded.name(),
          "Investigators fell through: " + String.join("; ", r.fallbacks()), aia.getMetadata().getGeneration(), done));
    }
    return s;
  }

  /**
   * The status while an investigation that calls out is under way: phase Investigating, what it asks
   * about. Replaced whole by {@link #finished} or {@link #failed} when the answer comes.
   */
  static AIAnalysisStatus investigating(AIAnalysis aia, Instant at) {
    AIAnalysisStatus s = new AIAnalysisStatus();
    s.setStartTime(at.toString());
    StatusPatches.transition(aia, s, AnalysisPhase.Investigating, s::setPhase, ConditionReason.Analyzing,
        "AIAnalysis " + aia.getMetadata().getName() + " is asking its investigators (HolmesGPT or an LLM, as configured) "
            + "about " + aia.getSpec().getAlertName() + " on " + aia.getSpec().getTarget().toTargetRef().display()
            + "; their answer is written when it comes.", at);
    return s;
  }

  /**
   * The status of an analysis refused before any investigator was asked: Failed, {@code Rejected}.
   * {@code why} is a sentence fragment; {@code forged} says it was made or changed by hand (else it
   * could not be checked).
   */
  static AIAnalysisStatus refused(AIAnalysis aia, String why, boolean forged, Instant at) {
    AIAnalysisStatus s = new AIAnalysisStatus();
    s.setStartTime(at.toString());
    String name = aia.getMetadata().getName();
    StatusPatches.transition(aia, s, AnalysisPhase.Failed, s::setPhase, ConditionReason.Rejected, forged
        ? "AIAnalysis " + name + " is not the one its AlertRemediation built: " + why + ", so it was made or changed "
            + "by hand; no investigator was asked and nothing was acted on. See who created it in its managedFields."
        : "AIAnalysis " + name + " is refused: " + why + ". No investigator was asked and nothing was acted on.", at);
    return s;
  }

  /** The status of an analysis whose remediation ended or went before it was investigated: Failed, {@code ParentEnded}. */
  static AIAnalysisStatus overtaken(AIAnalysis aia, String why, Instant at) {
    AIAnalysisStatus s = new AIAnalysisStatus();
    s.setStartTime(at.toString());
    StatusPatches.transition(aia, s, AnalysisPhase.Failed, s::setPhase, ConditionReason.ParentEnded, "AIAnalysis "
        + aia.getMetadata().getName() + " was not investigated: " + why + ".", at);
    return s;
  }

  static AIAnalysisStatus failed(AIAnalysis aia, String why, Instant started, Instant at) {
    return failed(aia, why, started, at, ConditionReason.NoInvestigatorAnswered);
  }

  private static AIAnalysisStatus failed(AIAnalysis aia, String why, Instant started, Instant at, ConditionReason reason) {
    AIAnalysisStatus s = new AIAnalysisStatus();
    String message = "AIAnalysis " + aia.getMetadata().getName() + " failed: " + why
        + ". The parent AlertRemediation fails with it; " + (reason == ConditionReason.NoInvestigatorAnswered
            ? "check the investigator settings." : "a human must review the alert.");
    s.setStartTime(started.toString());
    s.phaseHistory().add(new PhaseTransition(AnalysisPhase.Investigating.name(), started.toString(),
        "Asking the investigator chain."));
    StatusPatches.transition(aia, s, AnalysisPhase.Failed, s::setPhase, reason, message, at);
    return s;
  }

  private static String message(AIAnalysis aia, AnalysisResult r) {
    String name = aia.getMetadata().getName();
    if (r.recommendations().isEmpty()) {
      return "AIAnalysis " + name + " found no valid recommendation (" + r.dropped().size() + " dropped). "
          + r.gateReason() + " The AlertRemediation ends for manual review.";
    }
    String actions = r.recommendations().stream().map(x -> x.action() + " on " + x.target().display())
        .collect(Collectors.joining(", "));
    String next = r.recommendOnly() ? " The AlertRemediation ends for manual review."
        : r.approvalRequired() ? " The AlertRemediation waits for approval: kubectl kubernaut approve "
            + aia.getSpec().getRemediationRef().getName() + " -n " + aia.getMetadata().getNamespace() + "."
        : " The AlertRemediation proceeds to execution.";
    double best = r.recommendations().stream().mapToDouble(Recommendation::confidence).max().orElse(0);
    return "AIAnalysis " + name + ": " + r.investigator() + " recommends " + actions + " (confidence " + r.confidence()
        + ", best step " + best + "). " + r.gateReason() + next;
  }
}

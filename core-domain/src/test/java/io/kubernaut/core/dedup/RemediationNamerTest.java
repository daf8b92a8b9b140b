package io.kubernaut.core.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.core.fingerprint.Fingerprinter;
import io.kubernaut.ports.remediation.DuplicateCount;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemediationNamerTest {

  private static final TargetRef T = new TargetRef("Deployment", "ns", "d");
  private static final Fingerprint FP = Fingerprinter.of("KubePodCrashLooping", T);

  private static RemediationSummary ended(String name) {
    return new RemediationSummary(name, FP, RemediationPhase.Completed, T, DuplicateCount.first(Instant.EPOCH), Instant.EPOCH);
  }

  @Test
  void firstNameIsAlertSlugAndShortFingerprint() {
    assertThat(RemediationNamer.next("KubePodCrashLooping", FP, List.of()))
        .isEqualTo("kubepodcrashlooping-" + FP.shortForm());
  }

  @Test
  void laterNamesCountUpFromTheHighestExisting() {
    String base = "kubepodcrashlooping-" + FP.shortForm();
    assertThat(RemediationNamer.next("KubePodCrashLooping", FP, List.of(ended(base)))).isEqualTo(base + "-2");
    assertThat(RemediationNamer.next("KubePodCrashLooping", FP, List.of(ended(base + "-7")))).isEqualTo(base + "-8");
  }

  @Test
  void namesTheAuditTrailRemembersAreNotGivenAgain() {
    String base = "kubepodcrashlooping-" + FP.shortForm();
    assertThat(RemediationNamer.next("KubePodCrashLooping", FP, List.of(), List.of(base)))
        .as("retention deleted the first; its name is still in the trail").isEqualTo(base + "-2");
    assertThat(RemediationNamer.next("KubePodCrashLooping", FP, List.of(ended(base + "-2")), List.of(base, base + "-5")))
        .isEqualTo(base + "-6");
    assertThat(RemediationNamer.next("KubePodCrashLooping", FP, List.of(), List.of("kubepodoomkilled-" + FP.shortForm())))
        .as("another alert's names of the same fingerprint count nowhere").isEqualTo(base);
  }

  @Test
  void namesAreValidDnsLabelsEvenForHostileAlertNames() {
    String name = RemediationNamer.next("9__Ünïcödé Alert!!! with a very very long name indeed", FP, List.of());
    assertThat(name).matches("[a-z]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(52);
  }

  /** The slug as it was written with regular expressions, before the loop: the loop must answer the same. */
  private static String slugByRegex(String alertName) {
    String s = alertName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (s.length() > RemediationNamer.MAX_SLUG) {
      s = s.substring(0, RemediationNamer.MAX_SLUG).replaceAll("-+$", "");
    }
    if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
      s = "alert" + (s.isEmpty() ? "" : "-" + s);
      if (s.length() > RemediationNamer.MAX_SLUG) {
        s = s.substring(0, RemediationNamer.MAX_SLUG).replaceAll("-+$", "");
      }
    }
    return s;
  }

  @Test
  void theSlugIsWhatTheRegularExpressionsMadeOf100000RandomAlertNames() {
    java.util.Random random = new java.util.Random(20261202);
    String alphabet = "aZz09-_. !/\u0130\u00dc\u00e9\u0131\ud83d\ude00K";
    for (int n = 0; n < 100_000; n++) {
      StringBuilder name = new StringBuilder();
      int length = random.nextInt(n % 10 == 0 ? 80 : 40);
      for (int i = 0; i < length; i++) {
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThat(RemediationNamer.slug(name.toString())).as("slug of \"%s\"", name).isEqualTo(slugByRegex(name.toString()));
    }
    for (String edge : List.of("", "-", "9", "KubePodCrashLooping", "a".repeat(29) + "-b", "a".repeat(28) + "-b",
        "a".repeat(30) + "b", "1" + "a".repeat(40), "--x--", "\u0130stanbul")) {
      assertThat(RemediationNamer.slug(edge)).as("slug of \"%s\"", edge).isEqualTo(slugByRegex(edge));
    }
  }
}

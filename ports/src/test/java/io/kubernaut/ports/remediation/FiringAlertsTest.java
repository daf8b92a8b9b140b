package io.kubernaut.ports.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FiringAlertsTest {

  @Test
  void aRemediationTracksItsCreatorUntilItsStatusRecordsAList() {
    assertThat(FiringAlerts.of("a", null).sources()).containsExactly("a");
    assertThat(FiringAlerts.of("", null).sources()).isEmpty();
    assertThat(FiringAlerts.of(null, null).sources()).isEmpty();
    assertThat(FiringAlerts.of("a", List.of()).sources()).as("every tracked source resolved").isEmpty();
    assertThat(FiringAlerts.of("a", List.of("a", "b")).sources()).containsExactly("a", "b");
  }

  @Test
  void aNewSourceIsAddedOnceAndABlankOneNever() {
    FiringAlerts a = FiringAlerts.of("a", null);
    assertThat(a.with("b").map(FiringAlerts::sources)).contains(List.of("a", "b"));
    assertThat(a.with("a")).isEmpty();
    assertThat(a.with("")).isEmpty();
    assertThat(a.with(null)).isEmpty();
  }

  @Test
  void noMoreThanMaxSourcesAreTracked() {
    List<String> full = new ArrayList<>();
    for (int i = 0; i < FiringAlerts.MAX; i++) {
      full.add("s" + i);
    }
    assertThat(new FiringAlerts(full).with("one-more")).isEmpty();
    assertThat(new FiringAlerts(full.subList(1, FiringAlerts.MAX)).with("one-more")).isPresent();
  }

  @Test
  void theProblemResolvesWhenTheLastTrackedSourceResolves() {
    FiringAlerts both = new FiringAlerts(List.of("a", "b"));

    FiringAlerts.Resolution first = both.resolve("a");
    assertThat(first.resolves()).isFalse();
    assertThat(first.stillFiring()).isEqualTo(1);
    assertThat(first.remaining().sources()).containsExactly("b");

    assertThat(first.remaining().resolve("c").resolves()).as("a source it never tracked").isFalse();
    FiringAlerts.Resolution last = first.remaining().resolve("b");
    assertThat(last.resolves()).isTrue();
    assertThat(last.stillFiring()).isZero();
  }

  @Test
  void withNothingTrackedOrNoSourceNamedAResolutionResolvesAndLeavesNothingFiring() {
    assertThat(new FiringAlerts(List.of()).resolve("a").resolves()).isTrue();
    FiringAlerts.Resolution blank = new FiringAlerts(List.of("a", "b")).resolve("");
    assertThat(blank.resolves()).isTrue();
    assertThat(blank.stillFiring()).isZero();
    assertThat(new FiringAlerts(List.of("a", "b")).resolve(null).remaining().sources()).isEmpty();
  }

  @Test
  void aSourceStruckOffWithoutResolvingLeavesTheOthers() {
    assertThat(new FiringAlerts(List.of("a", "b")).without("a").sources()).containsExactly("b");
    assertThat(new FiringAlerts(List.of("a")).without("a").sources()).isEmpty();
    assertThat(new FiringAlerts(List.of("a")).without("c").sources()).containsExactly("a");
  }
}

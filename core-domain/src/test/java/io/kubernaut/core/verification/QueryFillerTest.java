package io.kubernaut.core.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryFillerTest {

  private final QueryFiller filler = new QueryFiller();

  @Test
  void fillsEveryPlaceholderInsideQuotedLabelValues() {
    QueryFiller.Filled f = filler.fill("up{namespace=\"${namespace}\",pod=\"${pod}\",node='${node}'}",
        Map.of("namespace", "shop", "pod", "api-1", "node", "n1"));
    assertThat(f.query()).isEqualTo("up{namespace=\"shop\",pod=\"api-1\",node='n1'}");
  }

  @Test
  void aHostileValueStaysInsideItsStringLiteral() {
    String hostile = "shop\"} or vector(1) or up{a=\"";
    QueryFiller.Filled f = filler.fill("up{namespace=\"${namespace}\"} == 0", Map.of("namespace", hostile));
    assertThat(f.query()).isEqualTo("up{namespace=\"shop\\\"} or vector(1) or up{a=\\\"\"} == 0");
    // The only unescaped quotes left are the template's own two.
    assertThat(f.query().replace("\\\"", "").chars().filter(c -> c == '"').count()).isEqualTo(2);
  }

  @Test
  void backslashesAndNewlinesInAValueAreEscapedNotInterpreted() {
    QueryFiller.Filled f = filler.fill("up{pod=\"${pod}\"}", Map.of("pod", "a\\\"\nb"));
    assertThat(f.query()).isEqualTo("up{pod=\"a\\\\\\\"\\nb\"}");
  }

  @Test
  void insideARegexMatcherAValueCannotWidenTheMatch() {
    QueryFiller.Filled f = filler.fill("up{pod=~\"${workload}-.*\"}", Map.of("workload", ".*|x"));
    assertThat(f.query()).isEqualTo("up{pod=~\"\\\\.\\\\*\\\\|x-.*\"}");
  }

  @Test
  void aPlaceholderOutsideAQuotedValueIsRefusedNotFilled() {
    QueryFiller.Filled f = filler.fill("up{namespace=\"a\"} offset ${namespace}", Map.of("namespace", "1h"));
    assertThat(f.ok()).isFalse();
    assertThat(f.problem()).contains("outside a quoted label value");
  }

  @Test
  void aMissingValueIsAProblemRatherThanAnEmptyMatch() {
    QueryFiller.Filled f = filler.fill("up{pod=\"${pod}\"}", Map.of("namespace", "shop"));
    assertThat(f.ok()).isFalse();
    assertThat(f.problem()).contains("no value for ${pod}");
  }

  @Test
  void aRawStringRefusesAValueWithABacktick() {
    assertThat(filler.fill("up{pod=`${pod}`}", Map.of("pod", "a`b")).ok()).isFalse();
    assertThat(filler.fill("up{pod=`${pod}`}", Map.of("pod", "a\"b")).query()).isEqualTo("up{pod=`a\"b`}");
  }

  @Test
  void anEscapedQuoteInTheTemplateDoesNotEndTheString() {
    QueryFiller.Filled f = filler.fill("up{a=\"x\\\"${pod}\"}", Map.of("pod", "p"));
    assertThat(f.query()).isEqualTo("up{a=\"x\\\"p\"}");
  }
}

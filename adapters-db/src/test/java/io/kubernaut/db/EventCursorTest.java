package io.kubernaut.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.ports.failure.PermanentException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EventCursorTest {

  @Test
  void aCursorReadsBackAsThePositionItWasMadeOf() {
    EventCursor cursor = new EventCursor(Instant.parse("2026-12-06T03:30:00.123456789Z"), 431);

    assertThat(EventCursor.decode(cursor.encode())).isEqualTo(cursor);
  }

  /** Text that is no cursor of ours is refused as such (a 400 at the API), never an unexpected exception (a 500). */
  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775807:1000000000:1", "-9223372036854775808:0:1", "1:2", "a:b:c", "1:2:3:4",
      "99999999999999999999:0:1"})
  void textThatIsNoCursorOfOursIsRefusedAsSuch(String raw) {
    String text = Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> EventCursor.decode(text)).isInstanceOf(PermanentException.class)
        .hasMessageContaining("was not issued by this API");
  }

  @Test
  void textThatIsNotBase64IsRefusedAsSuch() {
    assertThatThrownBy(() -> EventCursor.decode("not base64!")).isInstanceOf(PermanentException.class);
  }
}

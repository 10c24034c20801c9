package dev.feedloop.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

  private final JsonCodec codec = new JsonCodec();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void decodeAck_fullBody_readsCountsAndRejections() throws IOException {
    Ack ack = codec.decodeAck(utf8("{\"stored\":3,\"duplicates\":1,\"rejected\":"
        + "[{\"index\":4,\"error\":\"invalid\",\"field\":\"explicit_rating\",\"message\":\"must be 1-5\"}]}"));

    assertThat(ack.stored()).isEqualTo(3);
    assertThat(ack.duplicates()).isEqualTo(1);
    assertThat(ack.rejected()).containsExactly(new Ack.Rejection(4, "invalid", "explicit_rating", "must be 1-5"));
  }

  @Test
  void decodeAck_terseBody_readsZeros() throws IOException {
    assertThat(codec.decodeAck(utf8("{}"))).isEqualTo(new Ack(0, 0, java.util.List.of()));
  }

  @Test
  void decodeAck_notAnObject_fails() {
    assertThatThrownBy(() -> codec.decodeAck(utf8("[1,2]"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> codec.decodeAck(utf8("<html>"))).isInstanceOf(IOException.class);
  }

  @Test
  void serverMessage_prefersMessageThenError_andIgnoresNonJson() {
    assertThat(codec.serverMessage(utf8("{\"error\":\"invalid\",\"message\":\"field x\"}"))).isEqualTo("field x");
    assertThat(codec.serverMessage(utf8("{\"error\":\"forbidden\"}"))).isEqualTo("forbidden");
    assertThat(codec.serverMessage(utf8("<html>Bad Gateway</html>"))).isNull();
  }

  @Test
  void clean_stripsControlCharactersAndTruncates() {
    assertThat(JsonCodec.clean("line1\nFAKE LOG LINE")).isEqualTo("line1 FAKE LOG LINE");
    assertThat(JsonCodec.clean("x".repeat(1000))).hasSize(303).endsWith("...");
  }
}

package dev.feedloop.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder fails at the setter that gets a bad value, naming it. */
class FeedloopClientBuilderTest {

  @Test
  void batchSize_outsideOneToThousand_failsNamingTheValue() {
    assertThatThrownBy(() -> FeedloopClient.builder().batchSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize").hasMessageContaining(": 0");
    assertThatThrownBy(() -> FeedloopClient.builder().batchSize(1001))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1001");
  }

  @Test
  void queueCapacity_zero_fails() {
    assertThatThrownBy(() -> FeedloopClient.builder().queueCapacity(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueCapacity").hasMessageContaining(": 0");
  }

  @Test
  void durations_zeroNegativeNullOrHuge_fail() {
    assertThatThrownBy(() -> FeedloopClient.builder().flushInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flushInterval").hasMessageContaining("PT0S");
    assertThatThrownBy(() -> FeedloopClient.builder().requestTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> FeedloopClient.builder().maxBackoff(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> FeedloopClient.builder().closeTimeout(Duration.ofDays(400)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT9600H");
  }

  @Test
  void maxRetries_negative_fails() {
    assertThatThrownBy(() -> FeedloopClient.builder().maxRetries(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  @Test
  void endpoint_notHttpOrWithQuery_failsNamingIt() {
    assertThatThrownBy(() -> FeedloopClient.builder().endpoint("ftp://feedloop.example.com"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://feedloop.example.com");
    assertThatThrownBy(() -> FeedloopClient.builder().endpoint(URI.create("https://h.example/?x=1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("?x=1");
    assertThatThrownBy(() -> FeedloopClient.builder().endpoint("not a url"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a url");
    assertThatThrownBy(() -> FeedloopClient.builder().endpoint("relative/path"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relative/path");
  }

  @Test
  void endpoint_withUserInfo_failsWithoutEchoingThePassword() {
    assertThatThrownBy(() -> FeedloopClient.builder().endpoint("https://me:hunter2@h.example"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user info")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void apiKey_blankOrWithSpaces_failsWithoutEchoingTheKey() {
    assertThatThrownBy(() -> FeedloopClient.builder().apiKey(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKey");
    assertThatThrownBy(() -> FeedloopClient.builder().apiKey("fl_secret part2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 9")
        .hasMessageNotContaining("fl_secret");
  }

  @Test
  void build_withoutEndpointOrKey_failsSayingWhatIsMissing() {
    assertThatThrownBy(() -> FeedloopClient.builder().apiKey("k").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("endpoint");
    assertThatThrownBy(() -> FeedloopClient.builder().endpoint("http://localhost:7070").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("apiKey");
  }
}

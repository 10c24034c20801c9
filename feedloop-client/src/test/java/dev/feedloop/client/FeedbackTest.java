package dev.feedloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeedbackTest {

  @Test
  void rating_outsideOneToFive_failsNamingTheValue() {
    assertThatThrownBy(() -> Feedback.rating("r", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(": 0");
    assertThatThrownBy(() -> new Feedback(null, "r", null, null, 6, null, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(": 6");
  }

  @Test
  void feedback_withNoSignal_fails() {
    assertThatThrownBy(() -> Feedback.builder("r").editedOutput("x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one of");
  }

  @Test
  void eachOfTheFourSignals_aloneIsEnough() {
    assertThat(Feedback.of("r", ImplicitSignal.ACCEPTED).implicitSignal()).isEqualTo(ImplicitSignal.ACCEPTED);
    assertThat(Feedback.rating("r", 5).explicitRating()).isEqualTo(5);
    assertThat(Feedback.thumbs("r", Thumbs.UP).thumbs()).isEqualTo(Thumbs.UP);
    assertThat(Feedback.builder("r").comment("meh").build().comment()).isEqualTo("meh");
  }

  @Test
  void eventId_absent_isAFreshUuidPerFeedback() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(Feedback.of("r", ImplicitSignal.ABANDONED).eventId());
    }
    assertThat(ids).hasSize(1000);
  }

  @Test
  void eventId_given_isKept_andSurvivesWithTimestamp() {
    Feedback f = Feedback.builder("r").eventId("evt-1").thumbs(Thumbs.DOWN).build();
    assertThat(f.eventId()).isEqualTo("evt-1");
    Feedback stamped = Feedback.of("r", ImplicitSignal.EDITED).withTimestamp(Instant.EPOCH);
    assertThat(stamped.timestamp()).isEqualTo(Instant.EPOCH);
    Feedback original = Feedback.of("r", ImplicitSignal.EDITED);
    assertThat(original.withTimestamp(Instant.EPOCH).eventId()).isEqualTo(original.eventId());
  }

  @Test
  void enums_roundTripTheirJsonValues() {
    for (ImplicitSignal s : ImplicitSignal.values()) {
      assertThat(ImplicitSignal.fromJson(s.jsonValue())).isEqualTo(s);
    }
    assertThat(ImplicitSignal.REASKED.jsonValue()).isEqualTo("reasked");
    assertThat(Thumbs.fromJson("down")).isEqualTo(Thumbs.DOWN);
    assertThatThrownBy(() -> Thumbs.fromJson("sideways"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sideways");
  }

  @Test
  void toString_hidesCommentAndEditedText() {
    Feedback f = Feedback.builder("r").comment("my password is x").editedOutput("rewritten").build();
    assertThat(f.toString()).doesNotContain("password").doesNotContain("rewritten");
  }
}

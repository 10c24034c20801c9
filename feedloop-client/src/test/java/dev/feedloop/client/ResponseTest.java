package dev.feedloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseTest {

  @Test
  void builder_missingRequiredField_failsNamingIt() {
    assertThatThrownBy(() -> Response.builder(null, "v1", "q", "a"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestId");
    assertThatThrownBy(() -> Response.builder("r", " ", "q", "a"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("promptVersion");
    assertThatThrownBy(() -> Response.builder("r", "v1", null, "a"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userInput");
    assertThatThrownBy(() -> Response.of("r", "v1", "q", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("llmOutput");
  }

  @Test
  void requestId_over200Chars_failsWithLength() {
    assertThatThrownBy(() -> Response.of("x".repeat(201), "v1", "q", "a"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("201 characters");
  }

  @Test
  void emptyUserText_isAllowed() {
    assertThat(Response.of("r", "v1", "", "").userInput()).isEmpty();
  }

  @Test
  void builderSetter_blankModel_failsAtTheSetter() {
    Response.Builder b = Response.builder("r", "v1", "q", "a");
    assertThatThrownBy(() -> b.model("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model");
    assertThatThrownBy(() -> b.tag(" ", "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void collections_areCopiedSoLaterChangesDoNotLeakIn() {
    List<RetrievedDoc> docs = new ArrayList<>(List.of(RetrievedDoc.of("d1")));
    Map<String, String> tags = new HashMap<>(Map.of("a", "1"));
    Response r = new Response("r", null, null, "v1", null, "q", "a", docs, null, null, tags);
    docs.add(RetrievedDoc.of("d2"));
    tags.put("b", "2");

    assertThat(r.retrievedContext()).hasSize(1);
    assertThat(r.tags()).containsOnlyKeys("a");
  }

  @Test
  void nullCollections_becomeEmpty() {
    Response r = new Response("r", null, null, "v1", null, "q", "a", null, null, null, null);
    assertThat(r.retrievedContext()).isEmpty();
    assertThat(r.tags()).isEmpty();
  }

  @Test
  void withTimestamp_keepsEverythingElse() {
    Response r = Response.builder("r", "v1", "q", "a").model("m").tag("k", "v").build();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(r.withTimestamp(t)).isEqualTo(Response.builder("r", "v1", "q", "a").model("m").tag("k", "v").timestamp(t).build());
  }

  @Test
  void toString_showsLengthsNotUserText() {
    Response r = Response.builder("r", "v1", "my secret question", "private answer").userId("alice").build();
    assertThat(r.toString()).contains("r").doesNotContain("secret").doesNotContain("private").doesNotContain("alice");
  }

  @Test
  void retrievedDoc_nonFiniteScore_fails() {
    assertThatThrownBy(() -> new RetrievedDoc("d", null, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
  }
}

package dev.feedloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.triage.embed.Embedder;
import dev.feedloop.triage.embed.OnnxEmbedder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedloopEmbedderTest {
    @Test
    void createEmbedder_threadsUnset_usesTheCallersDefault() {
        try (Embedder e = Feedloop.createEmbedder(Map.of(), 1)) {
            assertThat(((OnnxEmbedder) e).options().threads()).isEqualTo(1);
        }
    }

    @Test
    void createEmbedder_threadsSet_overridesTheDefault() {
        try (Embedder e = Feedloop.createEmbedder(Map.of("FEEDLOOP_EMBEDDING_THREADS", "3"), 1)) {
            assertThat(((OnnxEmbedder) e).options().threads()).isEqualTo(3);
        }
    }

    @Test
    void createEmbedder_negativeThreads_isAConfigurationError() {
        assertThatThrownBy(() -> Feedloop.createEmbedder(Map.of("FEEDLOOP_EMBEDDING_THREADS", "-1"), 1))
                .hasMessageContaining("FEEDLOOP_EMBEDDING_THREADS");
    }
}

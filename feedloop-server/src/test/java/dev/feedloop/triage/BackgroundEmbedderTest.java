package dev.feedloop.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.capture.Batch;
import dev.feedloop.capture.ResponseRecord;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.triage.embed.Embedder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vector cache as the background embedder and triage share it, with a fake model that counts
 * what it is asked to embed.
 */
class BackgroundEmbedderTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    @TempDir
    Path dir;
    private SqliteStore store;
    private final CountingEmbedder model = new CountingEmbedder();

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("feedloop.db"), Clock.fixed(NOW, ZoneOffset.UTC),
                SqliteStore.Durability.NORMAL);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static ResponseRecord response(String id, String session, Instant ts, String input) {
        return new ResponseRecord("default", id, ts, "v1", "model-x", input, "an answer", List.of(), session, null,
                null);
    }

    @Test
    void catchUp_embedsTheReaskInputs_soTheTriagePassFindsThemCached() {
        Instant t = NOW.minus(Duration.ofHours(2));
        store.write(new Batch(List.of(response("a-1", "s", t, "how much is a checked bag"),
                response("a-2", "s", t.plusSeconds(60), "what do you charge for luggage"),
                response("a-3", "s", t.plusSeconds(120), "can I pick my seat")), List.of()));
        EmbeddingService embeddings = new EmbeddingService(store, model);

        new BackgroundEmbedder(store, embeddings, TriageConfig.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC))
                .catchUp("default");
        int warmed = model.embedded.size();
        new ReaskDetector(store, embeddings).detect("default", t.minusSeconds(1), NOW);

        assertThat(warmed).isEqualTo(3); // three distinct inputs, each once, though three pairs share them
        assertThat(model.embedded).hasSize(3); // the triage pass asked the model for nothing more
    }

    @Test
    void embed_repeatedTexts_areEmbeddedOnce_andVectorsComeBackInInputOrder() {
        EmbeddingService embeddings = new EmbeddingService(store, model);
        List<String> texts = List.of("a much longer text than the others", "short", "mid length", "short");

        float[][] vectors = embeddings.embed(texts, EmbeddingService.Progress.NONE);

        assertThat(model.embedded).containsExactlyInAnyOrder("a much longer text than the others", "short",
                "mid length");
        for (int i = 0; i < texts.size(); i++) {
            assertThat(vectors[i]).containsExactly(CountingEmbedder.vector(texts.get(i)));
        }
    }

    /** A deterministic fake model: a text's vector depends on its bytes only. */
    static final class CountingEmbedder implements Embedder {
        final List<String> embedded = new ArrayList<>();

        static float[] vector(String text) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            float[] v = {b.length, b[0], b[b.length - 1]};
            float norm = (float) Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
            return v;
        }

        @Override
        public String modelId() {
            return "counting";
        }

        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public synchronized List<float[]> embed(List<String> texts) {
            embedded.addAll(texts);
            return texts.stream().map(CountingEmbedder::vector).toList();
        }
    }
}

package dev.feedloop.triage;

import dev.feedloop.capture.CaptureRules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.store.Batch;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.TriageStore;
import dev.feedloop.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
    private final CountingEmbedder model = new CountingEmbedder(false);

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("feedloop.db"), Clock.fixed(NOW, ZoneOffset.UTC),
                SqliteStore.Durability.NORMAL, CaptureRules.STANDARD);
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
    void texts_areExactlyWhatCatchUpEmbedsForANegative() {
        Instant t = NOW.minus(Duration.ofHours(2));
        store.write(new Batch(List.of(new ResponseRecord("default", "n-1", t, "v1", "model-x", "  Where is my refund?",
                "Refunds take 7-10 business days after the airline approves them.", List.of(), null, null, null)),
                List.of(new FeedbackRecord("default", "e-1", "n-1", t.plusSeconds(30), ImplicitSignal.REGENERATED,
                        null, null, null, null))));
        BackgroundEmbedder embedder = new BackgroundEmbedder(store, new EmbeddingService(store, model),
                TriageConfig.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));

        embedder.catchUp("default");

        List<String> texts = embedder.texts(new TriageStore.NegativeText("n-1", "  Where is my refund?",
                "Refunds take 7-10 business days after the airline approves them."));
        assertThat(texts).hasSize(2);
        assertThat(model.embedded).containsExactlyInAnyOrderElementsOf(texts); // a benchmark counts the backlog by them
    }
}

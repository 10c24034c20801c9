package dev.feedloop.triage;

import dev.feedloop.capture.CaptureRules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingServiceTest {
    @TempDir
    Path dir;
    private SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("feedloop.db"), Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"),
                ZoneOffset.UTC), SqliteStore.Durability.NORMAL, CaptureRules.STANDARD);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void embed_repeatedTexts_areEmbeddedOnce_andVectorsComeBackInInputOrder() {
        CountingEmbedder model = new CountingEmbedder(false);
        List<String> texts = List.of("a much longer text than the others", "short", "mid length", "short");

        float[][] vectors = new EmbeddingService(store, model).embed(texts, EmbeddingService.Progress.NONE);

        assertThat(model.embedded).containsExactlyInAnyOrder("a much longer text than the others", "short",
                "mid length");
        for (int i = 0; i < texts.size(); i++) {
            assertThat(vectors[i]).containsExactly(CountingEmbedder.vector(texts.get(i)));
        }
    }

    @Test
    void embed_textsTheModelCannotTellApart_shareOneCachedVector() {
        CountingEmbedder model = new CountingEmbedder(true);
        EmbeddingService service = new EmbeddingService(store, model);

        float[][] first = service.embed(List.of("Where is my bag?", "WHERE IS MY BAG?"), EmbeddingService.Progress.NONE);
        float[][] later = service.embed(List.of("where is my bag?"), EmbeddingService.Progress.NONE);

        assertThat(model.embedded).containsExactly("where is my bag?");
        assertThat(first[0]).containsExactly(first[1]).containsExactly(later[0]);
    }

    @Test
    void embed_cachedTexts_areNotSentToTheModelAgain() {
        CountingEmbedder model = new CountingEmbedder(false);
        EmbeddingService service = new EmbeddingService(store, model);
        service.embed(List.of("one", "two"), EmbeddingService.Progress.NONE);

        service.embed(List.of("two", "three", "one"), EmbeddingService.Progress.NONE);

        assertThat(model.embedded).containsExactly("one", "two", "three");
    }
}

package dev.feedloop.store.sqlite.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.store.Batch;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.ResponseRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inbox's storage format of a batch. */
class BatchCodecTest {
    private static final Instant TS = Instant.parse("2026-11-20T11:00:00Z");

    @Test
    void theCodecKeepsEveryField() throws Exception {
        ResponseRecord r = new ResponseRecord("p", "r1", TS, "v2", "model", "in", "out",
                List.of(new dev.feedloop.store.RetrievedDoc("d1", "text", 0.25)), "s1", "u1", Map.of("k", "v"));
        FeedbackRecord f = new FeedbackRecord("p", "e1", "r1", TS, ImplicitSignal.EDITED, 2,
                dev.feedloop.store.Thumbs.DOWN, "edited", "a comment");
        Batch batch = new Batch(List.of(r), List.of(f));
        assertThat(BatchCodec.decode(BatchCodec.encode(batch))).isEqualTo(batch);
    }
}

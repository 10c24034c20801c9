package dev.feedloop.triage;

import dev.feedloop.store.TriageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Embeds negatives shortly after they arrive, into the vector cache triage reads, so a weekly run
 * finds most vectors ready instead of waiting minutes for the model. It embeds the inputs of the
 * session pairs the re-ask pass will compare too ({@link ReaskDetector#warm}, the same composed
 * text, hence the same cache entries), but leaves the marking to triage. Each negative is embedded
 * twice: its input with the answer's opening (what the question view clusters) and its input alone
 * (what the answer views ask to tell a topic-bound trait from one spread over questions).
 */
public final class BackgroundEmbedder {
    /** On start, negatives ingested within this period are caught up. */
    static final Duration LOOKBACK = Duration.ofDays(8);

    private final TriageStore store;
    private final EmbeddingService embeddings;
    private final TextComposer composer;
    private final TriageConfig config;
    private final ReaskDetector reasks;
    private final Clock clock;
    private final Map<String, Instant> watermarks = new ConcurrentHashMap<>();

    public BackgroundEmbedder(TriageStore store, EmbeddingService embeddings, TriageConfig config, Clock clock) {
        this.store = store;
        this.embeddings = embeddings;
        this.composer = new TextComposer(dev.feedloop.triage.redact.Redactor.standard(), config.outputChars());
        this.config = config;
        this.reasks = new ReaskDetector(store, embeddings);
        this.clock = clock;
    }

    /**
     * Embeds the project's negatives and re-ask candidate pairs that arrived since the last call;
     * returns how many negatives were looked at.
     */
    public int catchUp(String project) {
        Instant now = clock.instant();
        Instant since = watermarks.getOrDefault(project, now.minus(LOOKBACK));
        List<TriageStore.NegativeText> fresh = store.negativeTextsIngestedAfter(project, since, config.rules());
        if (!fresh.isEmpty()) {
            // a server shutting down interrupts this thread: stop between batches, before the model is closed
            List<String> texts = new java.util.ArrayList<>(2 * fresh.size());
            for (TriageStore.NegativeText n : fresh) {
                texts.addAll(texts(n));
            }
            embeddings.embed(texts, (done, total) -> {
                        if (Thread.currentThread().isInterrupted()) {
                            throw new java.util.concurrent.CancellationException("the server is stopping");
                        }
                    });
        }
        reasks.warm(project, since);
        // rows ingested in the same millisecond as 'now' are picked up next time: the watermark trails by 1 s
        watermarks.put(project, now.minusSeconds(1));
        return fresh.size();
    }

    /**
     * The two texts {@link #catchUp} embeds for a negative, redacted and composed as triage composes
     * them: its input with the answer's opening, then its input alone. The cache keys each by the
     * model's canonical form of it.
     */
    public List<String> texts(TriageStore.NegativeText negative) {
        return List.of(composer.compose(negative.userInput(), negative.llmOutput()),
                composer.question(negative.userInput()));
    }
}

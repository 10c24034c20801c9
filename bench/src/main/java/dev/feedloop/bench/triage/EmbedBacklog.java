package dev.feedloop.bench.triage;

import dev.feedloop.store.NegativeRules;
import dev.feedloop.store.Store;
import dev.feedloop.store.TriageStore;
import dev.feedloop.triage.BackgroundEmbedder;
import dev.feedloop.triage.embed.Embedder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts, exactly, a project's negatives and those whose vectors the background embedder has not
 * cached yet: each negative's two texts are keyed the way EmbeddingService keys them (content hash
 * of the model id and the model's canonical form of the text) and looked up in the store's cache.
 * Negatives are read incrementally with the embedder's own query, so a sample stays cheap.
 */
final class EmbedBacklog {
    /**
     * What one count found.
     *
     * @param oldestSeconds how long the oldest negative not embedded yet has been waiting, from the count
     *     that first saw it (so at most one count's interval short); 0 without backlog
     */
    record Count(long negatives, long backlog, double oldestSeconds) {
    }

    private final Store store;
    private final String project;
    private final BackgroundEmbedder texts;
    private final Embedder model;
    private final NegativeRules rules;
    private final Clock clock;
    private final Set<String> seen = new HashSet<>();
    /** Request id of each negative not embedded yet, to the cache keys of its texts. */
    private final Map<String, List<String>> pending = new HashMap<>();
    /** When each pending negative was first seen. */
    private final Map<String, Instant> since = new HashMap<>();
    private Instant watermark = Instant.EPOCH;

    /**
     * @param texts which texts a negative needs (the server's own embedder's answer)
     * @param model the server's model, for its id and canonical form (nothing is embedded here)
     */
    EmbedBacklog(Store store, String project, BackgroundEmbedder texts, Embedder model, NegativeRules rules,
            Clock clock) {
        this.store = store;
        this.project = project;
        this.texts = texts;
        this.model = model;
        this.rules = rules;
        this.clock = clock;
    }

    Count count() {
        Instant now = clock.instant();
        for (TriageStore.NegativeText n : store.negativeTextsIngestedAfter(project, watermark, rules)) {
            if (seen.add(n.requestId())) {
                pending.put(n.requestId(), texts.texts(n).stream()
                        .map(t -> Embedder.contentHash(model.modelId(), model.canonical(t))).toList());
                since.put(n.requestId(), now);
            }
        }
        // as the embedder does: rows stamped in the same millisecond as 'now' are read next time
        watermark = now.minusSeconds(1);
        Set<String> wanted = new HashSet<>();
        pending.values().forEach(wanted::addAll);
        Set<String> cached = store.vectors(wanted).keySet();
        pending.values().removeIf(cached::containsAll);
        since.keySet().retainAll(pending.keySet());
        Instant oldest = since.values().stream().min(Instant::compareTo).orElse(now);
        return new Count(seen.size(), pending.size(), Duration.between(oldest, now).toMillis() / 1e3);
    }
}

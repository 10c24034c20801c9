package dev.feedloop.triage;

import dev.feedloop.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Re-ask detection by meaning: the same session asks a question within ten minutes whose embedding
 * is close to an earlier one. Capture marks lexical near-duplicates at once; this pass, run before
 * each triage and by the background embedder, catches paraphrases ("how much is a checked bag" /
 * "what do you charge for luggage") that share few words.
 */
public final class ReaskDetector {
    /** Same session, within this time of the earlier question (PRODUCT.md part 1). */
    public static final Duration WINDOW = Duration.ofMinutes(10);
    /**
     * Cosine similarity of the two inputs at or above which the later one is the same question asked
     * again. Calibrated with bench's ReaskCalibration on the demo world (bge-small-en-v1.5-q), over
     * the 4,785 same-session pairs that capture's lexical rule had not already marked: at 0.775,
     * precision 0.85 and recall 0.44 (0.80: 0.85 / 0.26; 0.85: 1.0 / 0.01). Follow-up questions on
     * one topic reach 0.8, so recall is bought with precision below that.
     */
    public static final double SIMILARITY = 0.775;

    private final Store store;
    private final EmbeddingService embeddings;
    private final TextComposer composer;

    public ReaskDetector(Store store, EmbeddingService embeddings, TriageConfig config) {
        this.store = store;
        this.embeddings = embeddings;
        this.composer = new TextComposer(dev.feedloop.triage.redact.Redactor.standard(), 0);
    }

    /** Marks the re-asked responses of [from, to) and returns how many were newly marked. */
    public int detect(String project, Instant from, Instant to) {
        List<Store.SessionPair> pairs = store.sessionPairs(project, from, to, WINDOW);
        if (pairs.isEmpty()) {
            return 0;
        }
        List<String> texts = new ArrayList<>(pairs.size() * 2);
        for (Store.SessionPair p : pairs) {
            texts.add(composer.compose(p.earlierInput(), ""));
            texts.add(composer.compose(p.laterInput(), ""));
        }
        float[][] vectors = embeddings.embed(texts, EmbeddingService.Progress.NONE);
        Set<String> reasked = new LinkedHashSet<>();
        for (int i = 0; i < pairs.size(); i++) {
            if (VectorMath.dot(vectors[2 * i], vectors[2 * i + 1]) >= SIMILARITY) {
                reasked.add(pairs.get(i).earlierId());
            }
        }
        store.markReasked(project, reasked);
        return reasked.size();
    }
}

package dev.feedloop.triage;

import dev.feedloop.store.TriageStore;
import dev.feedloop.triage.embed.Embedder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Embeds through the store's vector cache (keyed by model and content hash of the text's
 * {@link Embedder#canonical} form), so a text is embedded once, whether by the background embedder
 * at ingest time or by a triage run, and texts the model cannot tell apart share one vector.
 */
public final class EmbeddingService {
    /**
     * Texts sent to the model at once: large enough to amortise a call (the model sorts by length and
     * waits for its slowest batch within a call), small enough to show progress every few seconds.
     * Bench EmbedChunkBench, 8,192 distinct negatives of the 100k world, bge-small-q on 2 shared cores:
     * 266-284 texts/s in calls of 256, 280-285 in calls of 256 after sorting by length, 301 in calls
     * of 1,024 after sorting, 296-300 in one call of 8,192.
     */
    static final int BATCH = 1_024;

    /** Receives embedding progress: texts done of total. */
    public interface Progress {
        void update(int done, int total);

        Progress NONE = (done, total) -> { };
    }

    private final TriageStore store;
    private final java.util.function.Supplier<Embedder> model;
    private Embedder embedder;

    public EmbeddingService(TriageStore store, Embedder embedder) {
        this(store, () -> embedder);
    }

    /** Loads the model on first use: a server that never triages never pays for it. */
    public EmbeddingService(TriageStore store, java.util.function.Supplier<Embedder> model) {
        this.store = store;
        this.model = model;
    }

    private synchronized Embedder embedder() {
        if (embedder == null) {
            embedder = model.get();
        }
        return embedder;
    }

    public String modelId() {
        return embedder().modelId();
    }

    /** Vectors for the texts, in order; missing ones are computed and cached. */
    public float[][] embed(List<String> texts, Progress progress) {
        Embedder embedder = embedder();
        List<String> forms = new ArrayList<>(texts.size());
        List<String> hashes = new ArrayList<>(texts.size());
        for (String text : texts) {
            String form = embedder.canonical(text);
            forms.add(form);
            hashes.add(Embedder.contentHash(embedder.modelId(), form));
        }
        Map<String, float[]> known = new HashMap<>(store.vectors(new java.util.HashSet<>(hashes)));
        Map<String, String> missing = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            if (!known.containsKey(hashes.get(i))) {
                missing.putIfAbsent(hashes.get(i), forms.get(i));
            }
        }
        int cached = texts.size() - missing.size();
        // by length, so each call holds texts of similar length: the model pads a batch to its longest
        // text and sorts only within a call
        List<Map.Entry<String, String>> todo = new ArrayList<>(missing.entrySet());
        todo.sort(Comparator.comparingInt(e -> e.getValue().length()));
        for (int start = 0; start < todo.size(); start += BATCH) {
            List<Map.Entry<String, String>> chunk = todo.subList(start, Math.min(todo.size(), start + BATCH));
            List<float[]> vectors = embedder.embed(chunk.stream().map(Map.Entry::getValue).toList());
            Map<String, float[]> fresh = new HashMap<>();
            for (int i = 0; i < chunk.size(); i++) {
                fresh.put(chunk.get(i).getKey(), vectors.get(i));
            }
            store.saveVectors(embedder.modelId(), fresh);
            known.putAll(fresh);
            progress.update(cached + start + chunk.size(), texts.size());
        }
        progress.update(texts.size(), texts.size());
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = known.get(hashes.get(i));
        }
        return out;
    }
}

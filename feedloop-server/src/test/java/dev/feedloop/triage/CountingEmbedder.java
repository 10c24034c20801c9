package dev.feedloop.triage;

import dev.feedloop.triage.embed.Embedder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A deterministic fake model for cache tests: records what it embeds; a vector depends on the text only. */
final class CountingEmbedder implements Embedder {
    final List<String> embedded = new ArrayList<>();
    private final boolean uncased;

    /** @param uncased whether texts differing only in case are one text to this model */
    CountingEmbedder(boolean uncased) {
        this.uncased = uncased;
    }

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
    public String canonical(String text) {
        return uncased ? text.toLowerCase(Locale.ROOT) : text;
    }

    @Override
    public synchronized List<float[]> embed(List<String> texts) {
        embedded.addAll(texts);
        return texts.stream().map(CountingEmbedder::vector).toList();
    }
}

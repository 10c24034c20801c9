package dev.feedloop.triage.embed;

import java.util.Arrays;
import java.util.List;

/** Picks an {@link Embedder} by name, so configuration and the CLI can name a model. */
public final class Embedders {

    /**
     * The default local model. bge-small beat all-MiniLM-L6 on every intent data set we measured
     * (see {@code bench/cluster/RESULTS.md}) at about half the speed.
     */
    public static final String DEFAULT_MODEL = LocalModel.BGE_SMALL_EN_V15_Q.id();

    private Embedders() {
    }

    /** Names accepted by {@link #create(String)}. */
    public static List<String> localModelNames() {
        return Arrays.stream(LocalModel.values()).map(LocalModel::id).toList();
    }

    /**
     * Loads a local ONNX model by name ({@code bge-small-en-v1.5-q} or {@code all-minilm-l6-v2-q}).
     *
     * @throws IllegalArgumentException naming the known models if {@code name} is not one
     * @throws EmbeddingException if the model cannot be loaded
     */
    public static Embedder create(String name) {
        return OnnxEmbedder.load(LocalModel.byId(name));
    }

    /** Like {@link #create(String)}, running the model on {@code threads} threads. */
    public static Embedder create(String name, int threads) {
        OnnxEmbedder.Options d = OnnxEmbedder.Options.defaults();
        return OnnxEmbedder.load(LocalModel.byId(name),
                new OnnxEmbedder.Options(threads, d.batchSize(), d.intraOpThreads(), d.maxTokens()));
    }
}

package dev.feedloop.triage.embed;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The sentence-embedding models shipped inside the langchain4j Maven artifacts. We read their ONNX
 * graph and tokenizer straight from those jars (their resource names are stable across releases)
 * so that we can batch and thread the inference ourselves; the langchain4j classes embed one text
 * per call, which is slower on short texts.
 */
public enum LocalModel {
    /**
     * BAAI bge-small-en-v1.5, int8-quantised (Xenova export), CLS pooling as in its model card
     * (https://huggingface.co/BAAI/bge-small-en-v1.5). The default: it clusters intents better.
     */
    BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", BgeSmallEnV15QuantizedEmbeddingModel.class,
            "/bge-small-en-v1.5-q.onnx", "/bge-small-en-v1.5-q-tokenizer.json", Pooling.CLS),
    /**
     * sentence-transformers all-MiniLM-L6-v2, int8-quantised, mean pooling as in its model card
     * (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2). About twice as fast.
     */
    ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", AllMiniLmL6V2QuantizedEmbeddingModel.class,
            "/all-minilm-l6-v2-q.onnx", "/all-minilm-l6-v2-q-tokenizer.json", Pooling.MEAN);

    /** How token vectors become one sentence vector. */
    public enum Pooling { CLS, MEAN }

    private final String id;
    private final Class<?> anchor;
    private final String modelResource;
    private final String tokenizerResource;
    private final Pooling pooling;

    LocalModel(String id, Class<?> anchor, String modelResource, String tokenizerResource,
            Pooling pooling) {
        this.id = id;
        this.anchor = anchor;
        this.modelResource = modelResource;
        this.tokenizerResource = tokenizerResource;
        this.pooling = pooling;
    }

    /** The name used on the command line and in cache keys. */
    public String id() {
        return id;
    }

    public Pooling pooling() {
        return pooling;
    }

    /** Both models output 384-dimensional vectors. */
    public int dimension() {
        return 384;
    }

    /**
     * Finds a model by its {@link #id()}, ignoring case.
     *
     * @throws IllegalArgumentException naming the known models if none matches
     */
    public static LocalModel byId(String id) {
        for (LocalModel m : values()) {
            if (m.id.equalsIgnoreCase(id == null ? "" : id.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown local embedding model '" + id + "'; known: "
                + Arrays.stream(values()).map(LocalModel::id).collect(Collectors.joining(", ")));
    }

    byte[] modelBytes() {
        return read(modelResource);
    }

    InputStream tokenizerStream() {
        return open(tokenizerResource);
    }

    private byte[] read(String resource) {
        try (InputStream in = open(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new EmbeddingException("cannot read " + resource + " of model " + id, e);
        }
    }

    // Class.getResourceAsStream on a class literal does not run its static initialiser, so the
    // langchain4j model (which loads a second copy of the graph) is never instantiated.
    private InputStream open(String resource) {
        InputStream in = anchor.getResourceAsStream(resource);
        if (in == null) {
            throw new EmbeddingException("resource " + resource + " of model " + id.toLowerCase(Locale.ROOT)
                    + " not found on the classpath; is its langchain4j-embeddings jar present?");
        }
        return in;
    }
}

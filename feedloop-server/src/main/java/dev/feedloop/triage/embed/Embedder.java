package dev.feedloop.triage.embed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns texts into L2-normalised sentence vectors.
 *
 * <p>Implementations: {@link OnnxEmbedder} (local, offline, the default) and
 * {@link OpenAiCompatibleEmbedder} (any {@code /v1/embeddings} endpoint). Obtain one by name with
 * {@link Embedders#create(String)}:
 *
 * <pre>{@code
 * try (Embedder embedder = Embedders.create(Embedders.DEFAULT_MODEL)) {
 *     List<float[]> vectors = embedder.embed(List.of("card not arrived", "refund pending"));
 * }
 * }</pre>
 *
 * <p>Vectors are unit length, so a dot product is the cosine similarity. The i-th vector belongs
 * to the i-th text; a caller-side cache should key them by {@link #contentHash(String, String)}.
 */
public interface Embedder extends AutoCloseable {

    /** Stable identifier of the model, part of every cache key (e.g. {@code bge-small-en-v1.5-q}). */
    String modelId();

    /** Length of every vector this embedder returns. */
    int dimension();

    /**
     * Embeds the texts in order.
     *
     * @throws IllegalArgumentException if the list or one of its texts is null
     * @throws EmbeddingException if the model or the remote endpoint fails
     */
    List<float[]> embed(List<String> texts);

    /**
     * The form of a text that the model actually tells apart: texts with the same canonical form get
     * the same vector, so a cache keys by this form and embeds it. The default is the text itself.
     */
    default String canonical(String text) {
        return text;
    }

    /** Releases native sessions or connections; the default does nothing. */
    @Override
    default void close() {
    }

    /**
     * SHA-256 (hex, lower case) of the model id and the text, the key for a vector cache: the same
     * text under another model must not share a vector.
     */
    static String contentHash(String modelId, String text) {
        if (modelId == null || text == null) {
            throw new IllegalArgumentException("modelId and text must not be null, got modelId="
                    + modelId + ", text=" + (text == null ? "null" : "\"...\""));
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(modelId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0); // separator: ("ab","c") and ("a","bc") must differ
            sha.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

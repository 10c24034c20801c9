package dev.feedloop.triage.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loads the real default model once (a second or two); everything else here is fast. */
class OnnxEmbedderTest {
    private static Embedder bge;

    @BeforeAll
    static void load() {
        bge = Embedders.create(Embedders.DEFAULT_MODEL);
    }

    @AfterAll
    static void close() {
        bge.close();
    }

    @Test
    void embed_texts_giveUnitVectorsWhereParaphrasesAreCloserThanUnrelatedTexts() {
        List<float[]> v = bge.embed(List.of(
                "My card has not arrived yet",
                "I am still waiting for my new card to be delivered",
                "What is the exchange rate for euros?"));

        assertThat(bge.modelId()).isEqualTo("bge-small-en-v1.5-q");
        assertThat(v).hasSize(3).allSatisfy(x -> {
            assertThat(x).hasSize(bge.dimension());
            assertThat(Vectors.dot(x, x)).isCloseTo(1f, Offset.offset(1e-4f));
        });
        assertThat(Vectors.dot(v.get(0), v.get(1))).isGreaterThan(Vectors.dot(v.get(0), v.get(2)) + 0.1f);
    }

    @Test
    void embed_batchedWithOtherTexts_matchesEmbeddingAlone() {
        // Batching pads and sorts texts. The int8 model quantises activations with one range per
        // batch (DynamicQuantizeLinear), so a vector shifts slightly with its batch companions:
        // measured cosine to the unbatched vector >= 0.99 (bench/cluster/RESULTS.md).
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            texts.add("request " + i + " about " + "a rather long and winding story ".repeat(i % 5));
        }
        List<float[]> batched = bge.embed(texts);

        for (int i : new int[] {0, 33, 69}) {
            float[] alone = bge.embed(List.of(texts.get(i))).get(0);
            assertThat(Vectors.dot(alone, batched.get(i))).isGreaterThan(0.99f);
        }
    }

    @Test
    void canonical_caseAndSpacing_leaveTheTokenIdsUnchanged() {
        OnnxEmbedder onnx = (OnnxEmbedder) bge;
        List<String> raw = List.of("Where is my BAG?", "  where\tis\n\nmy  bag? ", "Caf\u00c9 Cr\u00e8me",
                "Hello\u00a0World", "\u0130stanbul flight", "My card [CARD] was charged TWICE\nI'm sorry, I can't",
                "STRASSE \u1e9e", "ALL-CAPS & punctuation!!!");
        List<String> canonical = raw.stream().map(onnx::canonical).toList();

        long[][] before = onnx.tokenize(raw);
        long[][] after = onnx.tokenize(canonical);

        for (int i = 0; i < raw.size(); i++) {
            assertThat(after[i]).as(raw.get(i)).containsExactly(before[i]);
        }
        assertThat(canonical.get(0)).isEqualTo(canonical.get(1)).isEqualTo("where is my bag?");
    }

    @Test
    void embed_emptyListAndBlankText_areHandled() {
        assertThat(bge.embed(List.of())).isEmpty();
        assertThat(bge.embed(List.of("")).get(0)).hasSize(384);
    }

    @Test
    void create_unknownModel_namesTheKnownOnes() {
        assertThatThrownBy(() -> Embedders.create("gpt-9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gpt-9")
                .hasMessageContaining("bge-small-en-v1.5-q, all-minilm-l6-v2-q");
    }

    @Test
    void contentHash_dependsOnModelAndText() {
        String h = Embedder.contentHash("bge-small-en-v1.5-q", "hello");

        assertThat(h).hasSize(64).matches("[0-9a-f]+");
        assertThat(Embedder.contentHash("bge-small-en-v1.5-q", "hello")).isEqualTo(h);
        assertThat(Embedder.contentHash("all-minilm-l6-v2-q", "hello")).isNotEqualTo(h);
        assertThat(Embedder.contentHash("ab", "c")).isNotEqualTo(Embedder.contentHash("a", "bc"));
    }
}

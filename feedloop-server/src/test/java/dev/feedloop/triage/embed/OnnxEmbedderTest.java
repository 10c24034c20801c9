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
    void batches_longTextsGoInSmallerCalls_everyTextOnceInOrder() {
        int[] lengths = {10, 20, 100, 128, 128, 129, 200, 256, 256, 300, 512, 512};
        long[][] ids = new long[lengths.length][];
        Integer[] order = new Integer[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            ids[i] = new long[lengths[i]];
            order[i] = i;
        }

        List<int[]> calls = OnnxEmbedder.batches(order, ids, 4);

        // budget 4 x 128^2: up to 128 tokens four to a call, up to 147 three, up to 181 two, longer alone
        assertThat(calls.stream().map(java.util.Arrays::toString).toList()).containsExactly(
                "[0, 1, 2, 3]", "[4, 5]", "[6]", "[7]", "[8]", "[9]", "[10]", "[11]");
    }

    @Test
    void batches_shortTexts_fillWholeCalls() {
        long[][] ids = new long[35][];
        Integer[] order = new Integer[35];
        for (int i = 0; i < 35; i++) {
            ids[i] = new long[12];
            order[i] = i;
        }

        assertThat(OnnxEmbedder.batches(order, ids, 16)).extracting(b -> b.length).containsExactly(16, 16, 3);
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

package dev.feedloop.triage.describe;

import dev.feedloop.text.Tokenizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks the members closest to a cluster's centroid as its examples, skipping near-duplicates
 * so that five copies of the same complaint do not fill the list.
 *
 * <p>A candidate is a near-duplicate of an already chosen example when their word sets have
 * a Jaccard similarity of at least {@value #DUPLICATE_JACCARD} or their vectors a cosine of at
 * least {@value #DUPLICATE_COSINE} (a paraphrase the embedding cannot tell apart).
 *
 * <pre>{@code
 * List<Representative> examples = Representatives.select(vectors, texts, 5);
 * }</pre>
 */
public final class Representatives {
    static final double DUPLICATE_JACCARD = 0.8;
    static final double DUPLICATE_COSINE = 0.98;

    private Representatives() {
    }

    /**
     * Up to k members, most central first; ties go to the lower index.
     *
     * @param vectors member embeddings, all of one dimension (L2-normalised or not: cosine is
     *                computed either way)
     * @param texts   member texts, parallel to vectors
     * @throws IllegalArgumentException if the lists are null, differ in size, hold null or
     *                                  non-finite values, vectors differ in dimension, or k < 1
     */
    public static List<Representative> select(List<float[]> vectors, List<String> texts, int k) {
        validate(vectors, texts, k);
        if (vectors.isEmpty()) {
            return List.of();
        }
        double[] centroid = centroid(vectors);
        List<Representative> ranked = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            ranked.add(new Representative(i, texts.get(i), cosine(vectors.get(i), centroid)));
        }
        ranked.sort(Comparator.comparingDouble(Representative::similarity).reversed()
                .thenComparingInt(Representative::index));
        List<Representative> chosen = new ArrayList<>();
        List<Set<String>> chosenWords = new ArrayList<>();
        for (Representative r : ranked) {
            if (chosen.size() == k) {
                break;
            }
            Set<String> words = new HashSet<>(Tokenizer.words(r.text()));
            if (!duplicate(r, words, chosen, chosenWords, vectors)) {
                chosen.add(r);
                chosenWords.add(words);
            }
        }
        return List.copyOf(chosen);
    }

    private static boolean duplicate(Representative candidate, Set<String> words, List<Representative> chosen,
                                     List<Set<String>> chosenWords, List<float[]> vectors) {
        for (int j = 0; j < chosen.size(); j++) {
            if (jaccard(words, chosenWords.get(j)) >= DUPLICATE_JACCARD
                    || cosine(vectors.get(candidate.index()), vectors.get(chosen.get(j).index())) >= DUPLICATE_COSINE) {
                return true;
            }
        }
        return false;
    }

    /** Jaccard similarity of two word sets; two empty sets (texts of punctuation only) are equal. */
    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        int common = 0;
        for (String w : a) {
            if (b.contains(w)) {
                common++;
            }
        }
        return common / (double) (a.size() + b.size() - common);
    }

    private static double[] centroid(List<float[]> vectors) {
        double[] c = new double[vectors.get(0).length];
        for (float[] v : vectors) {
            for (int d = 0; d < c.length; d++) {
                c[d] += v[d];
            }
        }
        return c;
    }

    /** Cosine similarity; 0 when either vector is zero. */
    static double cosine(float[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int d = 0; d < a.length; d++) {
            dot += a[d] * b[d];
            na += a[d] * (double) a[d];
            nb += b[d] * b[d];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private static double cosine(float[] a, float[] b) {
        double[] bd = new double[b.length];
        for (int d = 0; d < b.length; d++) {
            bd[d] = b[d];
        }
        return cosine(a, bd);
    }

    private static void validate(List<float[]> vectors, List<String> texts, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive: " + k);
        }
        if (vectors == null || texts == null || vectors.size() != texts.size()) {
            throw new IllegalArgumentException("vectors and texts must be parallel lists, got "
                    + (vectors == null ? null : vectors.size()) + " vectors and "
                    + (texts == null ? null : texts.size()) + " texts");
        }
        for (int i = 0; i < vectors.size(); i++) {
            float[] v = vectors.get(i);
            if (v == null || texts.get(i) == null) {
                throw new IllegalArgumentException("member " + i + " has a null vector or text");
            }
            if (v.length == 0 || v.length != vectors.get(0).length) {
                throw new IllegalArgumentException("member " + i + " has dimension " + v.length
                        + ", expected " + vectors.get(0).length);
            }
            for (float x : v) {
                if (!Float.isFinite(x)) {
                    throw new IllegalArgumentException("member " + i + " has a non-finite component " + x);
                }
            }
        }
    }
}

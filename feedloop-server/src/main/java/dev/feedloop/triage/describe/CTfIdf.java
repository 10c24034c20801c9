package dev.feedloop.triage.describe;

import dev.feedloop.text.Tokenizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Class-based TF-IDF keywords per cluster (c-TF-IDF, Grootendorst 2022, "BERTopic: Neural
 * topic modeling with a class-based TF-IDF procedure", arXiv:2203.05794, section 3.3):
 *
 * <pre>
 *   W(t,c) = tf(t,c) · log(1 + A / f(t))
 * </pre>
 *
 * where tf(t,c) is the frequency of term t in cluster c divided by the number of terms in c
 * (BERTopic's {@code ClassTfidfTransformer} L1-normalises each class), A the average number of
 * terms per class and f(t) the frequency of t across all classes.
 *
 * <p>With a background corpus (for instance the inputs of all responses in the window), the
 * background counts as one more class when computing A and f(t) and never receives keywords:
 * keywords are then distinctive against all traffic, not only against the other clusters.
 *
 * <p>A term must occur in at least two documents of a cluster (or in its only document) to
 * be one of its keywords, so that one user's repeated phrase does not name a pattern.
 *
 * <pre>{@code
 * CTfIdf model = CTfIdf.fit(List.of(refundComplaints, loginComplaints), allInputs);
 * List<List<String>> keywords = model.topKeywords(5);
 * }</pre>
 */
public final class CTfIdf {
    private final List<Map<String, Integer>> counts;
    private final List<Map<String, Integer>> docFrequency;
    private final List<Integer> docsPerCluster;
    private final List<Long> termsPerCluster;
    private final Map<String, Integer> totalFrequency;
    private final double averageClassSize;

    private CTfIdf(List<Map<String, Integer>> counts, List<Map<String, Integer>> docFrequency,
                   List<Integer> docsPerCluster, Map<String, Integer> totalFrequency, double averageClassSize) {
        this.counts = counts;
        this.docFrequency = docFrequency;
        this.docsPerCluster = docsPerCluster;
        this.termsPerCluster = new ArrayList<>();
        for (Map<String, Integer> tf : counts) {
            long n = 0;
            for (int c : tf.values()) {
                n += c;
            }
            termsPerCluster.add(n);
        }
        this.totalFrequency = totalFrequency;
        this.averageClassSize = averageClassSize;
    }

    /** Fits on the clusters alone, with unigrams and bigrams. */
    public static CTfIdf fit(List<List<String>> docsPerCluster) {
        return fit(docsPerCluster, List.of(), Tokenizer.english());
    }

    /** Fits on the clusters, measuring how common each term is against a background corpus too. */
    public static CTfIdf fit(List<List<String>> docsPerCluster, List<String> background) {
        return fit(docsPerCluster, background, Tokenizer.english());
    }

    /**
     * Fits with the given tokenizer. A null document counts as an empty one.
     *
     * @throws IllegalArgumentException if docsPerCluster is null or empty or holds a null cluster,
     *                                  or background or tokenizer is null
     */
    public static CTfIdf fit(List<List<String>> docsPerCluster, List<String> background, Tokenizer tokenizer) {
        if (docsPerCluster == null || docsPerCluster.isEmpty()) {
            throw new IllegalArgumentException("need at least one cluster, got " + docsPerCluster);
        }
        if (background == null || tokenizer == null) {
            throw new IllegalArgumentException("background and tokenizer must not be null");
        }
        List<Map<String, Integer>> counts = new ArrayList<>();
        List<Map<String, Integer>> docFrequency = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Map<String, Integer> total = new HashMap<>();
        long terms = 0;
        for (int c = 0; c < docsPerCluster.size(); c++) {
            List<String> docs = docsPerCluster.get(c);
            if (docs == null) {
                throw new IllegalArgumentException("cluster " + c + " is null");
            }
            Map<String, Integer> tf = new HashMap<>();
            Map<String, Integer> df = new HashMap<>();
            terms += count(docs, tokenizer, tf, df);
            tf.forEach((t, n) -> total.merge(t, n, Integer::sum));
            counts.add(tf);
            docFrequency.add(df);
            sizes.add(docs.size());
        }
        int classes = docsPerCluster.size();
        if (!background.isEmpty()) {
            Map<String, Integer> bg = new HashMap<>();
            terms += count(background, tokenizer, bg, new HashMap<>());
            bg.forEach((t, n) -> total.merge(t, n, Integer::sum));
            classes++;
        }
        return new CTfIdf(counts, docFrequency, sizes, total, terms / (double) classes);
    }

    /** Adds each document's term counts to tf and its distinct terms to df; returns the term count. */
    private static long count(List<String> docs, Tokenizer tokenizer, Map<String, Integer> tf,
                              Map<String, Integer> df) {
        long n = 0;
        for (String doc : docs) {
            List<String> terms = tokenizer.terms(doc);
            n += terms.size();
            for (String t : terms) {
                tf.merge(t, 1, Integer::sum);
            }
            for (String t : new HashSet<>(terms)) {
                df.merge(t, 1, Integer::sum);
            }
        }
        return n;
    }

    /** Number of clusters fitted. */
    public int clusters() {
        return counts.size();
    }

    /**
     * c-TF-IDF weight of a term in a cluster; 0 when the term does not occur in it.
     *
     * @throws IllegalArgumentException if cluster is out of range
     */
    public double weight(int cluster, String term) {
        checkCluster(cluster);
        Integer n = counts.get(cluster).get(term);
        return n == null ? 0 : weight(n, termsPerCluster.get(cluster), totalFrequency.get(term));
    }

    private double weight(int countInClass, long classSize, int frequency) {
        double tf = countInClass / (double) classSize;
        return tf * Math.log(1 + averageClassSize / frequency);
    }

    /**
     * The k highest-weighted keywords of one cluster, best first; ties go to the term that
     * sorts first, so the result is deterministic.
     *
     * @throws IllegalArgumentException if cluster is out of range or k is not positive
     */
    public List<Keyword> keywords(int cluster, int k) {
        checkCluster(cluster);
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive: " + k);
        }
        Map<String, Integer> tf = counts.get(cluster);
        Map<String, Integer> df = docFrequency.get(cluster);
        int minDocs = Math.min(2, docsPerCluster.get(cluster));
        long size = termsPerCluster.get(cluster);
        List<Keyword> all = new ArrayList<>();
        for (Map.Entry<String, Integer> e : tf.entrySet()) {
            if (df.get(e.getKey()) >= minDocs) {
                all.add(new Keyword(e.getKey(), weight(e.getValue(), size, totalFrequency.get(e.getKey()))));
            }
        }
        all.sort(Comparator.comparingDouble(Keyword::weight).reversed().thenComparing(Keyword::term));
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    /** The terms of {@link #keywords(int, int)} for every cluster, in cluster order. */
    public List<List<String>> topKeywords(int k) {
        List<List<String>> out = new ArrayList<>();
        for (int c = 0; c < clusters(); c++) {
            List<String> terms = new ArrayList<>();
            for (Keyword kw : keywords(c, k)) {
                terms.add(kw.term());
            }
            out.add(List.copyOf(terms));
        }
        return List.copyOf(out);
    }

    private void checkCluster(int cluster) {
        if (cluster < 0 || cluster >= counts.size()) {
            throw new IllegalArgumentException("cluster " + cluster + " out of range 0.." + (counts.size() - 1));
        }
    }
}

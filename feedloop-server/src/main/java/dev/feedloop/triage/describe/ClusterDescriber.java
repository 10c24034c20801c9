package dev.feedloop.triage.describe;

import dev.feedloop.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes clusters of negative feedback without an LLM: c-TF-IDF keywords
 * ({@link CTfIdf}), the members closest to the centroid ({@link Representatives}) and a
 * provisional name ({@link PatternNamer}). Texts are expected to be redacted already.
 *
 * <pre>{@code
 * List<ClusterDescription> described = ClusterDescriber.defaults().describe(clusters, allInputs);
 * described.get(0).name();  // e.g. "Refund Status · Card"
 * }</pre>
 */
public final class ClusterDescriber {
    private final Tokenizer tokenizer;
    private final int keywordCount;
    private final int exampleCount;

    /**
     * @throws IllegalArgumentException if tokenizer is null or a count is below 1
     */
    public ClusterDescriber(Tokenizer tokenizer, int keywordCount, int exampleCount) {
        if (tokenizer == null || keywordCount < 1 || exampleCount < 1) {
            throw new IllegalArgumentException("need a tokenizer and positive counts, got "
                    + tokenizer + ", " + keywordCount + " keywords, " + exampleCount + " examples");
        }
        this.tokenizer = tokenizer;
        this.keywordCount = keywordCount;
        this.exampleCount = exampleCount;
    }

    /** Unigrams and bigrams, 10 keywords and 5 examples per cluster. */
    public static ClusterDescriber defaults() {
        return new ClusterDescriber(Tokenizer.english(), 10, 5);
    }

    /**
     * One description per cluster, in order.
     *
     * @param background texts that stand for all traffic (may be empty); keywords are made
     *                   distinctive against them as well as against the other clusters
     * @throws IllegalArgumentException if clusters is null or empty, or background is null
     */
    public List<ClusterDescription> describe(List<ClusterMembers> clusters, List<String> background) {
        // Not clusters.contains(null): immutable lists throw on that query.
        if (clusters == null || clusters.isEmpty() || clusters.stream().anyMatch(c -> c == null)) {
            throw new IllegalArgumentException("need at least one cluster, got " + clusters);
        }
        List<List<String>> docs = new ArrayList<>();
        for (ClusterMembers c : clusters) {
            docs.add(c.texts());
        }
        CTfIdf model = CTfIdf.fit(docs, background, tokenizer);
        List<ClusterDescription> out = new ArrayList<>();
        for (int c = 0; c < clusters.size(); c++) {
            ClusterMembers members = clusters.get(c);
            List<Keyword> keywords = model.keywords(c, keywordCount);
            List<Representative> examples = Representatives.select(members.vectors(), members.texts(), exampleCount);
            String example = examples.isEmpty() ? null : examples.get(0).text();
            List<String> terms = keywords.stream().map(Keyword::term).toList();
            out.add(new ClusterDescription(PatternNamer.name(terms, example), keywords, examples));
        }
        return out;
    }
}

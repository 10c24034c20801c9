package dev.feedloop.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The product's knowledge base and a stand-in retriever: the documents of the asked topic score
 * high, a few neighbours from the same area (sometimes from anywhere) fill the list with lower
 * scores, as a dense retriever's top-k typically looks.
 */
final class Library {
    /** Score bands of the stand-in retriever: relevant passages vs. neighbours. */
    static final double HIT_LO = 0.62, HIT_HI = 0.93, NEAR_LO = 0.36, NEAR_HI = 0.61;

    private final List<Doc> shared = new ArrayList<>();
    private final Map<String, List<Doc>> sharedByArea = new HashMap<>();
    private final Set<String> ids = new HashSet<>();

    void add(Doc doc) {
        if (!ids.add(doc.id())) {
            throw new IllegalArgumentException("duplicate doc id: " + doc.id());
        }
        if (doc.shared()) {
            shared.add(doc);
            sharedByArea.computeIfAbsent(doc.area(), a -> new ArrayList<>()).add(doc);
        }
    }

    /** 2-4 passages: the relevant ones first, then neighbours; sorted by score, best first. */
    List<RetrievedDoc> context(List<Doc> relevant, String area, SplittableRandom rng) {
        List<RetrievedDoc> out = new ArrayList<>(4);
        for (Doc doc : relevant) {
            out.add(doc.retrieved(Text.score(HIT_LO, HIT_HI, rng)));
        }
        int total = Math.max(out.size(), 2 + rng.nextInt(3));
        out.addAll(neighbours(area, relevantIds(relevant), total - out.size(), NEAR_LO, NEAR_HI, rng));
        return sorted(out);
    }

    /** Passages when nothing relevant exists: every score inside [lo, hi]. */
    List<RetrievedDoc> misses(String area, int count, double lo, double hi, SplittableRandom rng) {
        return sorted(neighbours(area, Set.of(), count, lo, hi, rng));
    }

    private List<RetrievedDoc> neighbours(String area, Set<String> exclude, int count, double lo, double hi,
                                          SplittableRandom rng) {
        List<RetrievedDoc> out = new ArrayList<>(count);
        Set<String> used = new HashSet<>(exclude);
        List<Doc> local = sharedByArea.getOrDefault(area, shared);
        for (int attempts = 0; out.size() < count && attempts < 40; attempts++) {
            Doc doc = Text.pick(Text.chance(0.7, rng) ? local : shared, rng);
            if (used.add(doc.id())) {
                out.add(doc.retrieved(Text.score(lo, hi, rng)));
            }
        }
        return out;
    }

    private static Set<String> relevantIds(List<Doc> docs) {
        Set<String> out = new HashSet<>();
        docs.forEach(d -> out.add(d.id()));
        return out;
    }

    private static List<RetrievedDoc> sorted(List<RetrievedDoc> docs) {
        docs.sort(Comparator.comparingDouble(RetrievedDoc::score).reversed());
        return docs;
    }
}

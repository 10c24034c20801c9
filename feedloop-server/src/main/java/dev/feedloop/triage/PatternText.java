package dev.feedloop.triage;

import dev.feedloop.capture.Tokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Keywords and provisional names for patterns, without an LLM. */
final class PatternText {
    private static final Set<String> STOP = Set.of("a", "an", "the", "i", "my", "me", "to", "of", "and", "or", "is",
            "it", "in", "on", "for", "do", "does", "how", "what", "can", "you", "your", "with", "be", "are", "this",
            "that", "please", "hi", "hello", "hey", "thanks", "there", "need", "want", "would", "could", "get", "at");

    private PatternText() {
    }

    /** Top keywords per group, distinctive against the other groups and the background. */
    static List<List<String>> keywords(List<List<String>> groups, List<String> background, int k) {
        List<Map<String, Integer>> tf = new ArrayList<>();
        Map<String, Integer> total = new HashMap<>();
        long words = 0;
        for (List<String> docs : groups) {
            Map<String, Integer> counts = counts(docs);
            tf.add(counts);
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                total.merge(e.getKey(), e.getValue(), Integer::sum);
                words += e.getValue();
            }
        }
        Map<String, Integer> bg = counts(background);
        for (Map.Entry<String, Integer> e : bg.entrySet()) {
            total.merge(e.getKey(), e.getValue(), Integer::sum);
            words += e.getValue();
        }
        double average = (double) words / Math.max(1, groups.size() + 1);
        List<List<String>> out = new ArrayList<>();
        for (Map<String, Integer> counts : tf) {
            int size = counts.values().stream().mapToInt(Integer::intValue).sum();
            List<Map.Entry<String, Double>> scored = new ArrayList<>();
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                double weight = (double) e.getValue() / Math.max(1, size)
                        * Math.log(1 + average / total.get(e.getKey()));
                scored.add(Map.entry(e.getKey(), weight));
            }
            scored.sort((a, b) -> b.getValue().compareTo(a.getValue()) != 0 ? b.getValue().compareTo(a.getValue())
                    : a.getKey().compareTo(b.getKey()));
            out.add(scored.stream().limit(k).map(Map.Entry::getKey).toList());
        }
        return out;
    }

    static String name(List<String> keywords) {
        if (keywords.isEmpty()) {
            return "Unnamed pattern";
        }
        String joined = String.join(" · ", keywords.subList(0, Math.min(3, keywords.size())));
        return Character.toUpperCase(joined.charAt(0)) + joined.substring(1);
    }

    private static Map<String, Integer> counts(List<String> docs) {
        Map<String, Integer> counts = new HashMap<>();
        for (String doc : docs) {
            for (String t : Tokens.of(doc)) {
                if (t.length() > 2 && !STOP.contains(t)) {
                    counts.merge(t, 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}

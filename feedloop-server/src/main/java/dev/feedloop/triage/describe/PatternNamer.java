package dev.feedloop.triage.describe;

import dev.feedloop.text.Tokenizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A readable provisional name for a pattern, made without an LLM from its keywords and one
 * representative example: up to three title-cased parts joined by " · ", e.g. "Refund Status
 * · Card", at most {@value #MAX_LENGTH} characters, and the same name for the same input.
 *
 * <p>Bigrams among the top keywords are preferred (a phrase reads better than two words);
 * words already in a chosen part are not repeated; parts keep the rank of their best word; two chosen single words that stand side by
 * side in the example are merged in the example's order ("status" + "refund" becomes "Refund
 * Status" when the example says "refund status"). Without keywords, the start of the example
 * is the name.
 *
 * <pre>{@code
 * PatternNamer.name(List.of("refund", "refund status", "status", "card"), "Where is my refund status?")
 * // -> "Refund Status · Card"
 * }</pre>
 */
public final class PatternNamer {
    /** Longest name returned, in characters. */
    public static final int MAX_LENGTH = 60;
    static final String SEPARATOR = " · ";
    static final String UNNAMED = "Unnamed pattern";
    /** Only the best keywords may name the pattern; a bigram ranked 10th is not preferred. */
    private static final int CANDIDATES = 6;
    private static final int MAX_PARTS = 3;

    private PatternNamer() {
    }

    /**
     * The name for a pattern.
     *
     * @param keywords best first, as from {@link CTfIdf#topKeywords(int)}; may be null or empty
     * @param example  a representative text; may be null
     */
    public static String name(List<String> keywords, String example) {
        List<String> parts = chooseParts(keywords == null ? List.of() : keywords);
        if (parts.isEmpty()) {
            return fromExample(example);
        }
        parts = mergeAdjacent(parts, Tokenizer.words(example));
        while (parts.size() > 1 && String.join(SEPARATOR, titleCase(parts)).length() > MAX_LENGTH) {
            parts.remove(parts.size() - 1);
        }
        return truncate(String.join(SEPARATOR, titleCase(parts)));
    }

    private static List<String> chooseParts(List<String> keywords) {
        List<String> top = new ArrayList<>();
        for (String k : keywords) {
            if (k != null && !k.isBlank() && top.size() < CANDIDATES) {
                top.add(k.strip().toLowerCase(java.util.Locale.ROOT));
            }
        }
        List<String> parts = new ArrayList<>();
        Set<String> covered = new HashSet<>();
        for (String k : top) {
            if (k.indexOf(' ') > 0 && parts.size() < MAX_PARTS - 1 && disjoint(k, covered)) {
                add(k, parts, covered);
            }
        }
        for (String k : top) {
            if (parts.size() < MAX_PARTS && disjoint(k, covered)) {
                add(k, parts, covered);
            }
        }
        // Keep the keyword ranking in the name: a part ranks as its best-ranked word, so
        // "pay contactless" comes first when "contactless" was the top keyword.
        parts.sort(java.util.Comparator.comparingInt(p -> rank(p, top)));
        return parts;
    }

    private static int rank(String part, List<String> top) {
        int best = top.indexOf(part);
        for (String w : part.split(" ")) {
            int i = top.indexOf(w);
            if (i >= 0 && i < best) {
                best = i;
            }
        }
        return best;
    }

    private static boolean disjoint(String term, Set<String> covered) {
        for (String w : term.split(" ")) {
            if (covered.contains(w)) {
                return false;
            }
        }
        return true;
    }

    private static void add(String term, List<String> parts, Set<String> covered) {
        parts.add(term);
        for (String w : term.split(" ")) {
            covered.add(w);
        }
    }

    /** Merges the first pair of one-word parts that stand side by side in the example. */
    private static List<String> mergeAdjacent(List<String> parts, List<String> exampleWords) {
        for (int i = 1; i < exampleWords.size(); i++) {
            String a = exampleWords.get(i - 1);
            String b = exampleWords.get(i);
            int ia = parts.indexOf(a);
            int ib = parts.indexOf(b);
            if (ia >= 0 && ib >= 0 && ia != ib) {
                List<String> merged = new ArrayList<>(parts);
                merged.set(Math.min(ia, ib), a + " " + b);
                merged.remove(Math.max(ia, ib));
                return merged;
            }
        }
        return new ArrayList<>(parts);
    }

    private static String fromExample(String example) {
        if (example == null || example.isBlank()) {
            return UNNAMED;
        }
        String flat = example.strip().replaceAll("\\s+", " ");
        return truncate(Character.toUpperCase(flat.charAt(0)) + flat.substring(1));
    }

    /** Cuts at the last space that fits and adds an ellipsis. */
    private static String truncate(String s) {
        if (s.length() <= MAX_LENGTH) {
            return s;
        }
        int cut = s.lastIndexOf(' ', MAX_LENGTH - 1);
        if (cut < MAX_LENGTH / 2) {
            cut = MAX_LENGTH - 1;
            if (Character.isHighSurrogate(s.charAt(cut - 1))) {
                cut--;
            }
        }
        return s.substring(0, cut).strip() + "…";
    }

    private static List<String> titleCase(List<String> parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            StringBuilder b = new StringBuilder(p.length());
            for (String w : p.split(" ")) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                int first = w.codePointAt(0);
                b.appendCodePoint(Character.toTitleCase(first)).append(w.substring(Character.charCount(first)));
            }
            out.add(b.toString());
        }
        return out;
    }
}

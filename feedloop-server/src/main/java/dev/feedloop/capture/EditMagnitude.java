package dev.feedloop.capture;

import dev.feedloop.text.Tokenizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How much a user changed an output: the token-level Levenshtein distance between the output and
 * the edited output, divided by the longer token count. 0 is untouched, 1 is a full rewrite; a
 * typo fix in a 40-word answer is 0.025.
 */
public final class EditMagnitude {
    /**
     * Texts beyond this many tokens are compared on their first tokens only: the distance is O(n²)
     * and runs in the store's single writer, so one huge edit must not stall everyone (about 5 ms here).
     */
    static final int MAX_TOKENS = 1_500;

    private EditMagnitude() {
    }

    public static double of(String original, String edited) {
        List<String> a = truncate(Tokenizer.words(original));
        List<String> b = truncate(Tokenizer.words(edited));
        int longer = Math.max(a.size(), b.size());
        if (longer == 0) {
            return 0.0;
        }
        Map<String, Integer> ids = new HashMap<>();
        return (double) distance(intern(a, ids), intern(b, ids)) / longer;
    }

    /**
     * True when the edit corrects the output's figures (prices, dates, amounts) whatever its size:
     * "€25" corrected to "€35" is a one-token edit but a corrected fact, not a typo fix. Only figures
     * the output did not have count, so cutting a long answer down (dropping figures) is not one.
     */
    public static boolean changesFigures(String original, String edited) {
        List<String> before = figures(original);
        if (before.isEmpty()) {
            return false;
        }
        java.util.Set<String> known = new java.util.HashSet<>(before);
        for (String f : figures(edited)) {
            if (!known.contains(f)) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern FIGURE = java.util.regex.Pattern.compile("\\d+(?:[.,:]\\d+)*");

    private static List<String> figures(String text) {
        List<String> out = new java.util.ArrayList<>();
        java.util.regex.Matcher m = FIGURE.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static List<String> truncate(List<String> tokens) {
        return tokens.size() > MAX_TOKENS ? tokens.subList(0, MAX_TOKENS) : tokens;
    }

    /**
     * Maps tokens to ints so the inner loop compares numbers, not strings. Both texts must share
     * {@code ids}: with a dictionary each, equal ids would not mean equal words.
     */
    private static int[] intern(List<String> tokens, Map<String, Integer> ids) {
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            Integer id = ids.putIfAbsent(tokens.get(i), ids.size());
            out[i] = id == null ? ids.size() - 1 : id;
        }
        return out;
    }

    /**
     * Classic two-row Levenshtein (Wagner-Fischer 1974) with unit costs, run only on what lies
     * between the common prefix and the common suffix: stripping them leaves the unit-cost distance
     * unchanged (Ukkonen 1985), and most edits touch a few words of a long answer.
     */
    static int distance(int[] a, int[] b) {
        int prefix = 0;
        int shorter = Math.min(a.length, b.length);
        while (prefix < shorter && a[prefix] == b[prefix]) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < shorter - prefix && a[a.length - 1 - suffix] == b[b.length - 1 - suffix]) {
            suffix++;
        }
        int aEnd = a.length - suffix;
        int bLen = b.length - suffix - prefix;
        int[] prev = new int[bLen + 1];
        int[] cur = new int[bLen + 1];
        for (int j = 0; j <= bLen; j++) {
            prev[j] = j;
        }
        for (int i = prefix + 1; i <= aEnd; i++) {
            cur[0] = i - prefix;
            int ai = a[i - 1];
            for (int j = 1; j <= bLen; j++) {
                int substitute = prev[j - 1] + (ai == b[prefix + j - 1] ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[bLen];
    }
}

package dev.feedloop.web.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * A word-level diff of a model's output and the user's edit, as HTML ({@code <del>} and {@code <ins>}
 * around escaped words): the longest common subsequence of the words (Hunt and McIlroy 1976),
 * in O(n m) over at most {@value #MAX_WORDS} words a side; longer texts are cut.
 */
final class WordDiff {
    static final int MAX_WORDS = 400;

    private WordDiff() {
    }

    static Html html(String before, String after) {
        List<String> a = words(before);
        List<String> b = words(after);
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Html> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                out.add(Html.text(a.get(i++) + " "));
                j++;
            } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.add(Html.f("<ins>{}</ins> ", b.get(j++)));
            } else {
                out.add(Html.f("<del>{}</del> ", a.get(i++)));
            }
        }
        return Html.join(out);
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : (text == null ? "" : text).strip().split("\\s+")) {
            if (!w.isEmpty() && out.size() < MAX_WORDS) {
                out.add(w);
            }
        }
        return out;
    }
}

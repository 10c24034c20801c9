package dev.feedloop.capture;

import dev.feedloop.text.Tokenizer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Near-duplicate detection between two short questions: Jaccard similarity of their word sets
 * plus word bigrams, so "how do I reset my password" and "how can I reset my password?" score
 * high while two questions that share only stop words do not.
 */
public final class LexicalSimilarity {
    private LexicalSimilarity() {
    }

    public static double of(String a, String b) {
        Set<String> x = features(Tokenizer.words(a));
        Set<String> y = features(Tokenizer.words(b));
        if (x.isEmpty() && y.isEmpty()) {
            return 1.0;
        }
        int common = 0;
        for (String f : x) {
            if (y.contains(f)) {
                common++;
            }
        }
        return (double) common / (x.size() + y.size() - common);
    }

    private static Set<String> features(List<String> tokens) {
        Set<String> out = new HashSet<>(tokens);
        for (int i = 1; i < tokens.size(); i++) {
            out.add(tokens.get(i - 1) + ' ' + tokens.get(i));
        }
        return out;
    }
}

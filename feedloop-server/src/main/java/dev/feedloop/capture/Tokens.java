package dev.feedloop.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Word-level tokenisation shared by the derived signals: lower-cased runs of letters or digits. */
public final class Tokens {
    private Tokens() {
    }

    public static List<String> of(String text) {
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean word = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                tokens.add(text.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
        }
        return tokens;
    }
}

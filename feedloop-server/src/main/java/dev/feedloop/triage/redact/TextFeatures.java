package dev.feedloop.triage.redact;

/**
 * What one linear scan learns about a text, so that detectors whose trigger is absent (no
 * digit, no '@', no long token) skip their regular expression. Most feedback text has no
 * sensitive item, and this is what makes redacting it cheap.
 */
final class TextFeatures {
    final String text;
    private String lower;
    final int digitCount;
    final boolean hasAt;
    final boolean hasAssign;
    /** Longest run of characters that may form a token or key: letters, digits, + / _ = - . */
    final int longestTokenRun;

    private TextFeatures(String text, int digitCount, boolean hasAt, boolean hasAssign, int run) {
        this.text = text;
        this.digitCount = digitCount;
        this.hasAt = hasAt;
        this.hasAssign = hasAssign;
        this.longestTokenRun = run;
    }

    static TextFeatures of(String text) {
        int digits = 0;
        boolean at = false;
        boolean assign = false;
        int run = 0;
        int longest = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '@') {
                at = true;
            } else if (c == ':' || c == '=') {
                assign = true;
            }
            if (isTokenChar(c)) {
                run++;
                longest = Math.max(longest, run);
            } else {
                run = 0;
            }
        }
        return new TextFeatures(text, digits, at, assign, longest);
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '+' || c == '/' || c == '_' || c == '=' || c == '-' || c == '.';
    }

    boolean contains(String literal) {
        return text.contains(literal);
    }

    /** Whether the lower-cased text contains one of these lower-case literals. */
    boolean containsIgnoreCase(String... literals) {
        if (lower == null) {
            lower = text.toLowerCase(java.util.Locale.ROOT);
        }
        for (String literal : literals) {
            if (lower.contains(literal)) {
                return true;
            }
        }
        return false;
    }
}

package dev.feedloop.triage.redact;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds IBANs written compactly or in groups ("GB82 WEST 1234 5698 7654 32"), in either
 * case, and keeps only those whose length fits the country (when the country is in
 * {@link Checksums#IBAN_LENGTHS}) and whose ISO 7064 MOD 97-10 check passes.
 *
 * <p>A regex alone cannot know where a grouped IBAN ends ("... 7654 32 thanks" would run into
 * the next word), so the regex only finds the "CCdd" start and the length comes from the
 * registry or, for an unknown country, from the longest prefix that passes the check.
 */
final class IbanDetector implements Detector {
    private static final Pattern START =
            Pattern.compile("(?=[A-Za-z]{2}\\d)(?<![\\p{L}\\p{N}])[A-Za-z]{2}\\d{2}(?=[ -]?[A-Za-z0-9])");
    /** ISO 13616 bounds on the total length. */
    private static final int MIN_LENGTH = 15;
    private static final int MAX_LENGTH = 34;

    @Override
    public boolean applies(TextFeatures features) {
        return features.digitCount >= 8;
    }

    @Override
    public void find(String text, List<Span> out) {
        Matcher m = START.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            int end = ibanEnd(text, m.start(), m.end());
            if (end > 0) {
                out.add(new Span(m.start(), end, PiiKind.IBAN));
                from = end;
            } else {
                from = m.start() + 1;
            }
        }
    }

    /** End offset of a valid IBAN starting at {@code start}, or -1. */
    private static int ibanEnd(String text, int start, int bodyStart) {
        int[] ends = new int[MAX_LENGTH - 4];
        StringBuilder body = new StringBuilder(MAX_LENGTH);
        int i = bodyStart;
        while (body.length() < ends.length && i < text.length()) {
            char c = text.charAt(i);
            if (isAlnum(c)) {
                body.append(Character.toUpperCase(c));
                ends[body.length() - 1] = i + 1;
                i++;
            } else if ((c == ' ' || c == '-') && i + 1 < text.length() && isAlnum(text.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        String prefix = text.substring(start, bodyStart).toUpperCase(Locale.ROOT);
        Integer known = Checksums.IBAN_LENGTHS.get(prefix.substring(0, 2));
        int longest = Math.min(body.length() + 4, MAX_LENGTH);
        int shortest = MIN_LENGTH;
        if (known != null) {
            longest = Math.min(longest, known);
            shortest = known;
        }
        for (int len = longest; len >= shortest; len--) {
            int end = ends[len - 5];
            if (atBoundary(text, end) && Checksums.ibanMod97(prefix + body.substring(0, len - 4))) {
                return end;
            }
        }
        return -1;
    }

    private static boolean atBoundary(String text, int end) {
        return end >= text.length() || !Character.isLetterOrDigit(text.charAt(end));
    }

    private static boolean isAlnum(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}

package dev.feedloop.triage.redact;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A detector made of a compiled pattern, the group that holds the item (0 for the whole
 * match, a higher group when the pattern also matches context such as "account no."), a
 * validator for the item text (a checksum, a digit count) and a cheap gate.
 *
 * <p>With {@code shrink}, a match that fails validation is retried without its trailing
 * digit groups: a greedy number pattern may have run into the next number ("+44 20 7946 0958
 * 1234567"), and that must not make the phone number leak.
 */
record RegexDetector(PiiKind kind, Pattern pattern, int group, Predicate<String> valid,
                     Predicate<TextFeatures> gate, boolean shrink) implements Detector {
    private static final int MAX_SHRINKS = 4;

    RegexDetector {
        if (kind == null || pattern == null || valid == null || gate == null || group < 0) {
            throw new IllegalArgumentException("incomplete detector for " + kind + ": " + pattern);
        }
    }

    @Override
    public boolean applies(TextFeatures features) {
        return gate.test(features);
    }

    @Override
    public void find(String text, List<Span> out) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            int start = m.start(group);
            int end = m.end(group);
            if (start < 0 || end <= start) {
                continue;
            }
            int accepted = accept(text, start, end);
            if (accepted > start) {
                out.add(new Span(start, accepted, kind));
            }
        }
    }

    /** End of the accepted item starting at {@code start}, or -1. */
    private int accept(String text, int start, int end) {
        for (int attempt = 0; attempt <= (shrink ? MAX_SHRINKS : 0); attempt++) {
            if (valid.test(text.substring(start, end))) {
                return end;
            }
            end = lastGroupEnd(text, start, end);
            if (end < 0) {
                return -1;
            }
        }
        return -1;
    }

    /** End of the item once its last separator-delimited group is dropped, or -1. */
    private static int lastGroupEnd(String text, int start, int end) {
        int i = end - 1;
        while (i > start && Character.isDigit(text.charAt(i))) {
            i--;
        }
        while (i > start && " ./-".indexOf(text.charAt(i)) >= 0) {
            i--;
        }
        return i > start && Character.isDigit(text.charAt(i)) ? i + 1 : -1;
    }
}

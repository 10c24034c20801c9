package dev.feedloop.triage.redact;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A detector made of a compiled pattern, the group that holds the item (0 for the whole
 * match, a higher group when the pattern also matches context such as "account no."), a
 * validator for the item text (a checksum, a digit count) and a cheap gate.
 */
record RegexDetector(PiiKind kind, Pattern pattern, int group, Predicate<String> valid,
                     Predicate<TextFeatures> gate) implements Detector {

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
            if (start >= 0 && end > start && valid.test(text.substring(start, end))) {
                out.add(new Span(start, end, kind));
            }
        }
    }
}

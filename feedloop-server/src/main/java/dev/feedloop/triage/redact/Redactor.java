package dev.feedloop.triage.redact;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces e-mail addresses, phone numbers, payment cards, IBANs, bank account numbers and
 * credentials with typed placeholders ({@code [EMAIL]}, {@code [PHONE]}, {@code [CARD]},
 * {@code [IBAN]}, {@code [ACCOUNT]}, {@code [SECRET]}, optionally {@code [IPV4]}) before text
 * leaves the process or is embedded.
 *
 * <pre>{@code
 * Redactor redactor = Redactor.standard();
 * redactor.redact("mail me at ana@example.org or call +44 20 7946 0958");
 * // -> "mail me at [EMAIL] or call [PHONE]"
 * }</pre>
 *
 * <p>Guarantees: thread-safe (immutable, compiled patterns); never throws, and if a pattern
 * engine failure ever occurs the whole text is withheld as {@code [REDACTED]} (fail closed);
 * idempotent, {@code redact(redact(x)).equals(redact(x))}, because detection is repeated on
 * its own output until nothing more is found (one extra pass, and only for texts that had a
 * detection). A {@code null} text is returned as {@code null}.
 *
 * <p>What is caught, beyond the obvious forms: grouped card numbers that pass Luhn and start
 * with 2-6; IBANs in groups or lower case that pass ISO 7064 mod 97; phones in international
 * (+CC), North American and trunk-0 European forms, and any 7-15 digit number after "call",
 * "phone", "tel", "mobile"...; account numbers after "account", "acct", "a/c", "konto";
 * sort codes, BSB and routing numbers after their names; passwords in URLs and after
 * "password:", "api_key=", "token:"; bearer/basic authorization values; PEM private keys.
 *
 * <p>Known misses, each one a sample in {@code RedactionCorpus}: obfuscated addresses
 * ("ana at example dot com", "ana[at]example.com"); card numbers that fail Luhn (typos),
 * start with 1, 7, 8 or 9, or are grouped unusually (4-8-4, dots); phone numbers written as
 * a bare 10-digit run with neither "+", a trunk 0, separators nor a context word
 * ("5551234567"), or as 7 digits ("555-0134") without a context word; account numbers
 * without a context word; passwords shorter than 16 characters with neither digit nor symbol;
 * secrets shorter than 32 characters with no known prefix or context word. National ids
 * (SSN), postal addresses, names and IPv6 addresses are out of scope.
 *
 * <p>Known false positives: a 13-19 digit number that starts with 2-6 and happens to pass
 * Luhn (measured: 5.1 % of random 16-digit order numbers); a 10-11 digit number starting
 * with 0 (an ISBN-10) is taken for a phone; a 32+ character hex string (an MD5, a git
 * SHA-256) is taken for a secret. UUIDs are kept: they are identifiers, not credentials.
 */
public final class Redactor {
    private static final Logger LOG = LoggerFactory.getLogger(Redactor.class);
    private static final String WITHHELD = "[REDACTED]";
    /** Each pass shrinks the unredacted text; more than a few passes means a detector bug. */
    private static final int MAX_PASSES = 8;
    private static final Comparator<Span> PRECEDENCE = Comparator.comparingInt(Span::length).reversed()
            .thenComparing(Span::kind).thenComparingInt(Span::start);

    private final Set<PiiKind> kinds;
    private final List<Detector> detectors;

    private Redactor(Set<PiiKind> kinds) {
        this.kinds = Collections.unmodifiableSet(EnumSet.copyOf(kinds));
        List<Detector> list = new ArrayList<>();
        for (PiiKind kind : this.kinds) {
            list.addAll(detectorsFor(kind));
        }
        this.detectors = List.copyOf(list);
    }

    /** Every kind except {@link PiiKind#IPV4} (addresses are often needed to debug). */
    public static Redactor standard() {
        return new Redactor(EnumSet.complementOf(EnumSet.of(PiiKind.IPV4)));
    }

    /**
     * A redactor for exactly these kinds.
     *
     * @throws IllegalArgumentException if kinds is null, empty or holds null
     */
    public static Redactor of(Set<PiiKind> kinds) {
        // Not kinds.contains(null): immutable sets throw on that query.
        if (kinds == null || kinds.isEmpty() || kinds.stream().anyMatch(k -> k == null)) {
            throw new IllegalArgumentException("kinds must name at least one kind: " + kinds);
        }
        return new Redactor(kinds);
    }

    /** The kinds this redactor replaces. */
    public Set<PiiKind> kinds() {
        return kinds;
    }

    /** The text with every detected item replaced by its placeholder; {@code null} for null. */
    public String redact(String text) {
        return redactWithReport(text).text();
    }

    /** Like {@link #redact(String)}, with how many items of each kind were replaced. */
    public Redaction redactWithReport(String text) {
        if (text == null || text.isEmpty()) {
            return new Redaction(text, Map.of());
        }
        Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
        try {
            String current = text;
            for (int pass = 0; pass < MAX_PASSES; pass++) {
                List<Span> spans = select(detect(current));
                if (spans.isEmpty()) {
                    return new Redaction(current, counts);
                }
                current = replace(current, spans, counts);
            }
            LOG.warn("redaction did not settle after {} passes on a text of {} chars; withheld it",
                    MAX_PASSES, text.length());
        } catch (RuntimeException | StackOverflowError e) {
            // Never leak on a detector failure; the message names no part of the text.
            LOG.warn("redaction failed on a text of {} chars ({}); withheld it", text.length(),
                    e.getClass().getSimpleName());
        }
        return new Redaction(WITHHELD, Map.of());
    }

    private List<Span> detect(String text) {
        TextFeatures features = TextFeatures.of(text);
        List<Span> found = new ArrayList<>();
        for (Detector d : detectors) {
            if (d.applies(features)) {
                d.find(text, found);
            }
        }
        return found;
    }

    /** Keeps non-overlapping spans, longest first; on equal length the earlier kind wins. */
    private static List<Span> select(List<Span> found) {
        if (found.size() <= 1) {
            return found;
        }
        found.sort(PRECEDENCE);
        TreeMap<Integer, Span> kept = new TreeMap<>();
        for (Span s : found) {
            Map.Entry<Integer, Span> before = kept.floorEntry(s.start());
            Map.Entry<Integer, Span> after = kept.ceilingEntry(s.start());
            boolean overlaps = before != null && before.getValue().end() > s.start()
                    || after != null && after.getKey() < s.end();
            if (!overlaps) {
                kept.put(s.start(), s);
            }
        }
        return new ArrayList<>(kept.values());
    }

    private static String replace(String text, List<Span> ordered, Map<PiiKind, Integer> counts) {
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Span s : ordered) {
            out.append(text, at, s.start()).append(s.kind().placeholder());
            counts.merge(s.kind(), 1, Integer::sum);
            at = s.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    private static List<Detector> detectorsFor(PiiKind kind) {
        return switch (kind) {
            case SECRET -> SecretDetectors.all();
            case EMAIL -> PersonalDetectors.email();
            case IBAN -> List.of(new IbanDetector());
            case CARD -> PersonalDetectors.card();
            case ACCOUNT -> PersonalDetectors.account();
            case PHONE -> PersonalDetectors.phone();
            case IPV4 -> PersonalDetectors.ipv4();
        };
    }
}

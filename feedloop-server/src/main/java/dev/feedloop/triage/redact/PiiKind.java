package dev.feedloop.triage.redact;

/**
 * The kinds of sensitive text the {@link Redactor} replaces, each with the placeholder that
 * takes its place. Placeholders contain no digit, '@' or secret-like run, so redacting a
 * redacted text changes nothing.
 */
public enum PiiKind {
    // Declaration order is the tie-break when two detections cover the same span:
    // the more specific, more dangerous kind wins.
    SECRET,
    EMAIL,
    IBAN,
    CARD,
    ACCOUNT,
    PHONE,
    IPV4;

    /** The text that replaces a detection of this kind, e.g. {@code [EMAIL]}. */
    public String placeholder() {
        return "[" + name() + "]";
    }
}

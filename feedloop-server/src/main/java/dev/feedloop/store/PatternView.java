package dev.feedloop.store;

import java.util.Locale;

/**
 * What defines a failure pattern's membership. A question pattern is a kind of question that keeps
 * failing (members are near each other in the embedding of what was asked); an answer pattern is one
 * failure of the answer that shows across many unrelated questions, found from a trait of the answer
 * whatever was asked. A negative is a member of at most one pattern.
 */
public enum PatternView {
    /** A kind of question the product keeps failing. */
    QUESTION("question", "a kind of question"),
    /** Answers far longer than typical answers to similar questions. */
    ANSWER_LENGTH("answer.length", "answers far longer than usual for their question"),
    /** Answers that refuse or apologise instead of helping. */
    ANSWER_REFUSAL("answer.refusal", "answers that refuse or apologise instead of helping"),
    /** Answers citing links that no retrieved document holds. */
    ANSWER_UNSUPPORTED_LINK("answer.unsupported_link", "answers citing links that no retrieved document holds"),
    /** Answers in a language other than the question's. */
    ANSWER_LANGUAGE("answer.language", "answers in a language other than the question's");

    private final String wire;
    private final String phrase;

    PatternView(String wire, String phrase) {
        this.wire = wire;
        this.phrase = phrase;
    }

    public String wire() {
        return wire;
    }

    /** What the view's patterns have in common, as a phrase for names and descriptions. */
    public String phrase() {
        return phrase;
    }

    /** Whether the view looks at the answer rather than the question. */
    public boolean answerSide() {
        return this != QUESTION;
    }

    @Override
    public String toString() {
        return wire;
    }

    /** @throws IllegalArgumentException for a name that is not a view, naming them all */
    public static PatternView fromWire(String value) {
        for (PatternView v : values()) {
            if (v.wire.equals(value)) {
                return v;
            }
        }
        StringBuilder names = new StringBuilder();
        for (PatternView v : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(v.wire);
        }
        throw new IllegalArgumentException("view must be one of " + names + "; got '"
                + (value == null ? "" : value.toLowerCase(Locale.ROOT)) + "'");
    }
}

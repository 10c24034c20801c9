package dev.feedloop.triage;

import dev.feedloop.triage.redact.Redactor;

/**
 * The text that represents an exchange for clustering: the user's input, then the beginning of
 * the output. The input says what was asked (most patterns are tied to a kind of question); the
 * opening of the output says how it failed (a refusal, "I could not find", a wall of text), which
 * separates a failing exchange from a healthy one on the same topic. The edit is left out: it mostly
 * repeats the output, and its size is used as evidence instead. Redacted first, so no personal data
 * reaches an embedding endpoint or the vector cache.
 */
final class TextComposer {
    private final Redactor redactor;
    private final int outputChars;

    TextComposer(Redactor redactor, int outputChars) {
        this.redactor = redactor;
        this.outputChars = outputChars;
    }

    String compose(String userInput, String llmOutput) {
        String output = llmOutput.length() <= outputChars ? llmOutput : llmOutput.substring(0, outputChars);
        return redactor.redact(userInput.strip()) + "\n" + redactor.redact(output.strip());
    }

    String redact(String text) {
        return redactor.redact(text);
    }
}

package dev.feedloop.triage;

import dev.feedloop.triage.redact.Redactor;

/**
 * The text that represents an exchange for clustering: the user's input, then the output's first
 * characters (TriageConfig.outputChars, default 80). The input says what was asked: a failure
 * pattern is mostly a kind of question the product keeps failing. A short opening of the output
 * says how it failed (a truncated policy quote, a wall of text) and holds together a pattern that
 * spans several questions. A long one lets generic failure phrasings ("I'm sorry, I can't help",
 * "I could not find") pull unrelated topics together. Measured on the demo world: with the input
 * alone, one pattern split into 7 fragments; with 160 characters of output, a refusal pattern
 * merged with a retrieval gap; with 80 all six planted patterns came out whole. The edit is left
 * out: its size is evidence, not topic. Redacted first, so no personal data reaches an embedding
 * endpoint or the vector cache.
 */
final class TextComposer {
    private final Redactor redactor;
    private final int outputChars;

    TextComposer(Redactor redactor, int outputChars) {
        this.redactor = redactor;
        this.outputChars = outputChars;
    }

    String compose(String userInput, String llmOutput) {
        String input = redactor.redact(userInput.strip());
        if (outputChars == 0) {
            return input;
        }
        String output = llmOutput.length() <= outputChars ? llmOutput : llmOutput.substring(0, outputChars);
        return input + "\n" + redactor.redact(output.strip());
    }

    /**
     * The question alone, redacted: what the answer views and the re-ask check embed (one form, so
     * one cache entry serves both).
     */
    String question(String userInput) {
        return redactor.redact(userInput.strip());
    }

    String redact(String text) {
        return redactor.redact(text);
    }
}

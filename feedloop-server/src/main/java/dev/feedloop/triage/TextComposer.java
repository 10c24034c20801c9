package dev.feedloop.triage;

import dev.feedloop.triage.redact.Redactor;

/**
 * The text that represents an exchange for clustering. By default the user's input alone: a
 * failure pattern is a kind of question the product keeps failing, and lift compares it with the
 * traffic of similar inputs. Adding the output's opening (outputChars &gt; 0) separates failing from
 * healthy answers on one topic, but generic failure phrasings ("I'm sorry, I can't help", "I could
 * not find") then pull unrelated topics together: on the demo world that merged a refusal pattern
 * with a retrieval gap. The edit is left out: its size is evidence, not topic. Redacted first, so no
 * personal data reaches an embedding endpoint or the vector cache.
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

    String redact(String text) {
        return redactor.redact(text);
    }
}

package dev.feedloop.analysis;

import dev.feedloop.store.Cause;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the analyst is told about one pattern: our offline labels and numbers, and a few
 * representative examples. Every figure here is ours; the model only ever returns text about it.
 * Texts may hold personal data: the analyst redacts every string again before it is sent.
 *
 * @param ref               our identifier of the pattern (shown to the model, never taken back from it)
 * @param offlineName       the keyword label triage gave it
 * @param keywords          its class-based TF-IDF keywords
 * @param offlineCause      the rule-based cause
 * @param offlineConfidence confidence of that cause, 0..1
 * @param causeEvidence     the rule's reason in words (may be empty)
 * @param size              negatives assigned to the pattern
 * @param evidence          named figures: signal mix, rate per prompt version and model, retrieval
 *                          scores, lift (insertion order is kept)
 * @param examples          representative examples; the analyst sends at most its configured number
 */
public record PatternBrief(String ref, String offlineName, List<String> keywords, Cause offlineCause,
        double offlineConfidence, String causeEvidence, int size, Map<String, Double> evidence,
        List<Example> examples) {

    /** @throws IllegalArgumentException for a negative size, a confidence outside 0..1 or a non-finite figure */
    public PatternBrief {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(offlineName, "offlineName");
        Objects.requireNonNull(offlineCause, "offlineCause");
        keywords = List.copyOf(keywords);
        examples = List.copyOf(examples);
        causeEvidence = causeEvidence == null ? "" : causeEvidence;
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
        if (!(offlineConfidence >= 0 && offlineConfidence <= 1)) {
            throw new IllegalArgumentException("offlineConfidence must be in 0..1: " + offlineConfidence);
        }
        Map<String, Double> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : evidence.entrySet()) {
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException("evidence '" + e.getKey() + "' must be a finite number: "
                        + e.getValue());
            }
            copy.put(Objects.requireNonNull(e.getKey(), "evidence key"), e.getValue());
        }
        evidence = Collections.unmodifiableMap(copy);
    }

    /**
     * One negative response as users met it.
     *
     * @param input        what the user asked
     * @param output       what the model answered
     * @param signal       the user's reaction (regenerated, edited, thumbs down, ...)
     * @param editedOutput the user's edit of the output, or null
     * @param comment      the user's comment, or null
     */
    public record Example(String input, String output, String signal, String editedOutput, String comment) {
        public Example {
            input = input == null ? "" : input;
            output = output == null ? "" : output;
            signal = signal == null ? "" : signal;
        }
    }
}

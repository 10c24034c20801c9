package dev.feedloop.triage;

import dev.feedloop.store.Cause;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.PatternView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one triage run, in the shape of docs/json.md's triage JSON.
 *
 * @param llm what the LLM analyst spent (provider, model, calls, input_tokens, output_tokens,
 *     estimated_cost_usd, stopped_because); null when it ran offline
 */
public record TriageReport(String runId, Instant from, Instant to, int negatives, List<PatternSummary> patterns,
        List<String> unassignedRequestIds, Map<String, Object> stats, Map<String, Object> llm) {

    /**
     * One pattern seen in the run: its identity, description, cause and this run's members.
     *
     * @param suggestedFix the LLM analyst's suggested fix, or the per-cause template without one
     * @param view what defines the pattern: a kind of question, or a trait of the answer
     */
    public record PatternSummary(String id, String name, String description, List<String> keywords, Cause cause,
            double causeConfidence, int count, boolean isNew, PatternStatus status, double lift, List<String> examples,
            Map<String, Object> evidence, List<String> requestIds, String suggestedFix, PatternView view) {
        public PatternSummary {
            java.util.Objects.requireNonNull(view, "view");
        }

        /** A question pattern's summary. */
        public PatternSummary(String id, String name, String description, List<String> keywords, Cause cause,
                double causeConfidence, int count, boolean isNew, PatternStatus status, double lift,
                List<String> examples, Map<String, Object> evidence, List<String> requestIds, String suggestedFix) {
            this(id, name, description, keywords, cause, causeConfidence, count, isNew, status, lift, examples,
                    evidence, requestIds, suggestedFix, PatternView.QUESTION);
        }
    }
}

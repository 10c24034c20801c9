package dev.feedloop.triage;

import dev.feedloop.analysis.Analysis;
import dev.feedloop.analysis.PatternBrief;
import dev.feedloop.analysis.Usage;
import java.util.Optional;

/**
 * One triage run's use of the optional LLM analyst: its budget and what it spent. The analyst never
 * throws into the run: an outage, an invalid answer or a spent budget answers empty, and the
 * pattern keeps its offline labels.
 */
public interface LlmSession {

    /** The analyst's validated words about a pattern, or empty (offline, budget spent, outage, invalid answer). */
    Optional<Analysis> analyze(PatternBrief brief);

    /** What this session spent; null when no analyst is configured. */
    Usage usage();

    /** No analyst: every pattern keeps its offline labels, nothing is sent anywhere. */
    LlmSession OFFLINE = new LlmSession() {
        @Override
        public Optional<Analysis> analyze(PatternBrief brief) {
            return Optional.empty();
        }

        @Override
        public Usage usage() {
            return null;
        }
    };
}

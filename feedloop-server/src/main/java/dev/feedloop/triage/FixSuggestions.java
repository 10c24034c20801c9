package dev.feedloop.triage;

import dev.feedloop.store.Cause;

/**
 * The suggested fix of a pattern when no LLM analyst wrote one: a template per cause, naming the
 * pattern where a command needs it.
 */
public final class FixSuggestions {
    private FixSuggestions() {
    }

    public static String offline(Cause cause, String patternId) {
        return switch (cause) {
            case PROMPT -> "Change the prompt: add an instruction and one or two worked examples covering the failing"
                    + " requests below, ship it as a new prompt version (as a canary beside the old one if you can),"
                    + " then record the fix.";
            case RETRIEVAL -> "Investigate retrieval: check whether the documents these requests need exist, are"
                    + " current and are ranked high enough (re-index or update the most cited document, adjust"
                    + " chunking or the number of documents), then record the fix.";
            case MODEL_LIMITATION -> "Escalation: the failure persists across prompt versions and models. Decide"
                    + " whether to use a stronger model, add a tool or a check, hand such requests to a human, or"
                    + " state the limitation to users.";
            case UNKNOWN -> "Needs review: read the examples and set the cause, e.g. `feedloop patterns cause "
                    + patternId + " prompt`; the ticket is re-routed, not duplicated.";
        };
    }
}

package dev.feedloop.routing;

import dev.feedloop.store.Cause;
import java.util.List;

/**
 * Where a cause sends a pattern (PRODUCT.md part 6): a prompt-fix ticket, a retrieval-investigation
 * ticket, the escalation list (a model limitation needs a human; a ticket only when asked for, with
 * its own label), or the needs-review list. A cause override changes the title prefix and labels of
 * the same ticket.
 */
public enum Route {
    PROMPT_FIX("[prompt fix]", "prompt-fix"),
    RETRIEVAL_INVESTIGATION("[retrieval]", "retrieval-investigation"),
    ESCALATION("[escalation: model limitation]", "escalation"),
    NEEDS_REVIEW("[needs review]", "needs-review");

    private final String titlePrefix;
    private final String label;

    Route(String titlePrefix, String label) {
        this.titlePrefix = titlePrefix;
        this.label = label;
    }

    public static Route of(Cause cause) {
        return switch (cause) {
            case PROMPT -> PROMPT_FIX;
            case RETRIEVAL -> RETRIEVAL_INVESTIGATION;
            case MODEL_LIMITATION -> ESCALATION;
            case UNKNOWN -> NEEDS_REVIEW;
        };
    }

    /** Whether a pattern on this route gets a ticket of its own (the two lists do not, unless asked). */
    public boolean ticketed(boolean escalationTickets) {
        return this == PROMPT_FIX || this == RETRIEVAL_INVESTIGATION || (this == ESCALATION && escalationTickets);
    }

    public String title(String patternId, String name) {
        return titlePrefix + " " + patternId + ": " + name;
    }

    public String label() {
        return label;
    }

    /** The labels of a ticket on this route, the pattern's marker label last. */
    public List<String> labels(String marker) {
        return List.of("feedloop", label, marker);
    }
}

package dev.feedloop.store;

import java.util.Set;

/**
 * Which responses count as negative (PRODUCT.md part 2). Default: regenerated, abandoned,
 * re-asked, an edit of magnitude at least 0.3 or one that corrects the output's figures (a price,
 * a date: small in tokens, but a wrong fact), a rating of 2 or less, thumbs down.
 */
public record NegativeRules(Set<String> signals, boolean reasked, double minEditMagnitude, boolean figureEdits,
        int maxRating, boolean thumbsDown) {
    public static final NegativeRules DEFAULT = new NegativeRules(Set.of("regenerated", "abandoned", "reasked"),
            true, 0.3, true, 2, true);

    public NegativeRules {
        signals = Set.copyOf(signals);
        for (String s : signals) {
            if (!Set.of("regenerated", "abandoned", "reasked", "edited", "accepted").contains(s)) {
                throw new IllegalArgumentException("unknown implicit signal in negative rules: " + s);
            }
        }
        if (minEditMagnitude < 0 || minEditMagnitude > 1) {
            throw new IllegalArgumentException("minEditMagnitude must be in [0, 1], got " + minEditMagnitude);
        }
        if (maxRating < 0 || maxRating > 5) {
            throw new IllegalArgumentException("maxRating must be 0-5 (0 ignores ratings), got " + maxRating);
        }
    }
}

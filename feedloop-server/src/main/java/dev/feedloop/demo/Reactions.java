package dev.feedloop.demo;

import java.util.SplittableRandom;

/**
 * How users react to answers that are fine: mostly silent acceptance, a few ratings and thumbs,
 * small cosmetic edits, and a background of negatives that have nothing to do with any planted
 * pattern (the user changed their mind, the answer was fine but not what they hoped, ...).
 */
final class Reactions {
    private static final String[] NOISE_COMMENTS = {"not helpful", "too vague", "this didn't answer my question",
        "meh", "I already knew that", "can I talk to a human?", "not what I needed", "useless", "hmm, no"};
    private static final String[] PRAISE = {"perfect, thanks", "great, that helped", "thank you!", "clear, thanks",
        "exactly what I needed"};
    private static final String[] OWN_WORDS = {"I'll check this with the airline directly.",
        "Need to confirm this with the hotel first.", "Will sort this out later today.",
        "Check the booking page before paying.", "Ask Sam about this tomorrow."};
    private static final String[] SMALL_WORDS = {"the", "then", "just", "also", "your", "any", "usually"};

    private Reactions() {
    }

    /** Reaction to a correct answer; {@code null} when the app captured nothing. */
    static FeedbackDraft healthy(String output, SplittableRandom rng) {
        double r = rng.nextDouble();
        if (r < 0.08) {
            return null;
        }
        if (r < 0.12) {
            return FeedbackDraft.edited(cosmeticEdit(output, rng), false, null);
        }
        if (r < 0.15) {
            return FeedbackDraft.judged(4 + rng.nextInt(2), null, Text.chance(0.3, rng) ? Text.pick(PRAISE, rng) : null);
        }
        Integer rating = null;
        if (Text.chance(0.12, rng)) {
            rating = 4 + rng.nextInt(2);
        } else if (Text.chance(0.02, rng)) {
            rating = 3;
        }
        return FeedbackDraft.accepted(rating, Text.chance(0.06, rng) ? "up" : null);
    }

    /** A background negative on a correct answer. */
    static FeedbackDraft noise(String output, SplittableRandom rng) {
        double r = rng.nextDouble();
        String comment = Text.chance(0.25, rng) ? Text.pick(NOISE_COMMENTS, rng) : null;
        if (r < 0.30) {
            return FeedbackDraft.regenerated(null, null);
        }
        if (r < 0.55) {
            return FeedbackDraft.abandoned(null, null, null);
        }
        if (r < 0.67) {
            return FeedbackDraft.reasked();
        }
        if (r < 0.80) {
            return FeedbackDraft.judged(1 + rng.nextInt(2), null, comment);
        }
        if (r < 0.90) {
            return FeedbackDraft.judged(null, "down", comment);
        }
        return FeedbackDraft.edited(rewrite(output, rng), true, null);
    }

    /** Drops one short word or changes the final full stop: a typo-level change, not a rewrite. */
    static String cosmeticEdit(String output, SplittableRandom rng) {
        for (int attempt = 0; attempt < 3; attempt++) {
            String word = " " + Text.pick(SMALL_WORDS, rng) + " ";
            int at = output.indexOf(word);
            if (at >= 0) {
                return output.substring(0, at) + " " + output.substring(at + word.length());
            }
        }
        return output.endsWith(".") ? output.substring(0, output.length() - 1) + "!" : output + ".";
    }

    /** Keeps the first sentence and replaces the rest with the user's own words. */
    static String rewrite(String output, SplittableRandom rng) {
        int end = output.indexOf(". ");
        String first = end < 0 ? output : output.substring(0, end + 1);
        return first + " " + Text.pick(OWN_WORDS, rng);
    }
}

package dev.feedloop.demo;

/**
 * What a simulated user does about one response, before ids and timestamps are assigned.
 *
 * @param negative whether the default negative-selection rules of PRODUCT.md part 2 would pick
 *                 it (regenerated, abandoned, re-asked, significant edit, rating <= 2, thumbs down)
 * @param followUp whether the user's next move is another response in the same session
 */
record FeedbackDraft(String signal, Integer rating, String thumbs, String editedOutput, String comment,
                     boolean negative, FollowUp followUp) {

    enum FollowUp { NONE, REGENERATE, REASK }

    FeedbackDraft {
        boolean ruleNegative = "regenerated".equals(signal) || "abandoned".equals(signal) || "reasked".equals(signal)
                || (rating != null && rating <= 2) || "down".equals(thumbs);
        if (ruleNegative && !negative) {
            throw new IllegalArgumentException("draft with signal " + signal + ", rating " + rating + ", thumbs "
                    + thumbs + " must be negative");
        }
        if (negative && !ruleNegative && !"edited".equals(signal)) {
            throw new IllegalArgumentException("only a significant edit can be negative without a negative signal: " + signal);
        }
        if (followUp == FollowUp.REGENERATE && !"regenerated".equals(signal)
                || followUp == FollowUp.REASK && !"reasked".equals(signal)) {
            throw new IllegalArgumentException("follow-up " + followUp + " does not match signal " + signal);
        }
    }

    static FeedbackDraft accepted(Integer rating, String thumbs) {
        return new FeedbackDraft("accepted", rating, thumbs, null, null, rating != null && rating <= 2, FollowUp.NONE);
    }

    static FeedbackDraft regenerated(Integer rating, String comment) {
        return new FeedbackDraft("regenerated", rating, null, null, comment, true, FollowUp.REGENERATE);
    }

    static FeedbackDraft abandoned(Integer rating, String thumbs, String comment) {
        return new FeedbackDraft("abandoned", rating, thumbs, null, comment, true, FollowUp.NONE);
    }

    static FeedbackDraft reasked() {
        return new FeedbackDraft("reasked", null, null, null, null, true, FollowUp.REASK);
    }

    static FeedbackDraft edited(String editedOutput, boolean significant, String comment) {
        return new FeedbackDraft("edited", null, null, editedOutput, comment, significant, FollowUp.NONE);
    }

    /** An explicit judgement without an implicit signal (the user only rated or clicked a thumb). */
    static FeedbackDraft judged(Integer rating, String thumbs, String comment) {
        boolean negative = (rating != null && rating <= 2) || "down".equals(thumbs);
        return new FeedbackDraft(null, rating, thumbs, null, comment, negative, FollowUp.NONE);
    }

    /** The same reaction when no further response can be logged: the user gives up instead. */
    FeedbackDraft withoutFollowUp() {
        return followUp == FollowUp.NONE ? this : abandoned(rating, thumbs, comment);
    }
}

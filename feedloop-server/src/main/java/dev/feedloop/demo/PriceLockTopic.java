package dev.feedloop.demo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * P1, retrieval gap: Price Lock (hold a fare for a fee) shipped without help-center articles.
 * The retriever only finds unrelated pages, all scoring below 0.35, and the assistant mostly
 * says it could not find anything. No fix is shipped in the story.
 */
final class PriceLockTopic extends PatternTopic {
    static final String PATTERN = "p1-price-lock-no-docs";
    /** Upper bound of every retrieval score for these questions (the brief's "< 0.35"). */
    static final double MAX_SCORE = 0.34;
    private static final double FAULT_RATE = 0.8;
    private static final String[] COMMENTS = {"it's literally on your website", "why doesn't the bot know about price lock?",
        "useless, it can't find anything", "so where do I find info on this?", "your own feature and you don't know it"};

    private final Library library;
    private final List<Template> notFound = templates(
            "I could not find information about [Price Lock|price locks|holding a fare with Price Lock] in the Wayfarer "
                    + "help center. [Please contact our support team for the details.|You might find more on the booking "
                    + "page, or our support team can help.|I'm not able to confirm how it works right now.]",
            "I'm sorry, I couldn't find any details about [Price Lock|locking a price|fare holds] in our help articles. "
                    + "[You can reach our support team from My Trips > Help.|Please check with our support team.]",
            "I could not find anything about [Price Lock|that feature] in my sources, so I can't say how [long a lock "
                    + "lasts|the fee works|it works][?city: for your flight to {city}].");
    private final List<Template> lucky = templates(
            "Price Lock holds the fare you see for up to 72 hours for a small fee. If you book within that time you pay "
                    + "the locked price[?city: for your flight to {city}]; if you don't, the fee is not refunded.");

    PriceLockTopic(Library library) {
        super("price_lock", "payments", templates(
                "how does [price lock|the price lock|Price Lock] work",
                "can I [lock|freeze|hold] the price of [a|my] flight to {city} [for a few days|until {when}|while I decide]",
                "how [long|many days] can I [hold|lock] a fare with [price lock|Price Lock]",
                "is the [price lock|Price Lock] fee refundable if I [don't book|end up not booking]",
                "I [paid for|bought] a price lock [on|for] [a|the] flight to {city} [but|and] [the price still went up|"
                        + "it expired|I can't find it], what now",
                "[what does|how much does] [price lock|locking a fare] cost"), Vocabulary.SHARED);
        this.library = library;
    }

    @Override
    public PatternPlan plan() {
        return new PatternPlan(PATTERN, "Price Lock questions find no documentation", "retrieval",
                "Price Lock (holding a fare for a fee) has no help-center article. Retrieval returns only unrelated "
                        + "pages (every score below 0.35) and the assistant answers that it could not find information; "
                        + "users abandon, re-ask or give a thumbs down.",
                0, null);
    }

    @Override
    public double noticeRate() {
        return 0.85;
    }

    @Override
    public Reply reply(Turn turn, SplittableRandom rng) {
        List<RetrievedDoc> context = library.misses("payments", 2 + rng.nextInt(3), 0.12, MAX_SCORE, rng);
        Bindings slots = turn.ask().slots().copy();
        if (Text.chance(FAULT_RATE, rng)) {
            return faulty(Text.pick(notFound, rng).render(rng, slots), context, false);
        }
        return healthy(Text.pick(lucky, rng).render(rng, slots), context);
    }

    @Override
    public FeedbackDraft complain(Turn turn, Reply reply, SplittableRandom rng) {
        double r = rng.nextDouble();
        String comment = Text.chance(0.35, rng) ? Text.pick(COMMENTS, rng) : null;
        if (r < 0.35) {
            return FeedbackDraft.abandoned(null, Text.chance(0.3, rng) ? "down" : null, null);
        }
        if (r < 0.60) {
            return FeedbackDraft.reasked();
        }
        if (r < 0.82) {
            return FeedbackDraft.judged(null, "down", comment);
        }
        return FeedbackDraft.judged(1, null, comment);
    }
}

package dev.feedloop.demo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * P4, over-cautious prompt: support-v2 added "be careful with personal data", and the model
 * started refusing harmless passenger-name corrections. support-v3 narrowed the instruction;
 * it ran as a 50 % canary beside support-v2 before going to everyone.
 */
final class NameFixTopic extends PatternTopic {
    static final String PATTERN = "p4-refuses-name-fix";
    private static final double REFUSAL_RATE = 0.8;
    /** Refusals left after the fix: a few percent, as with any prompt-level guard. */
    private static final double RESIDUAL = 0.05;
    private static final String[] COMMENTS = {"it's just a typo, why can't you help?", "I'm not asking for anything dodgy",
        "the bot refuses everything", "useless, I only need to fix one letter", "why is this a security issue??"};

    private final Story story;
    private final Library library;
    private final List<Doc> docs;
    private final List<Template> refusals = templates(
            "I'm sorry, but I can't help with changes to personal information such as passenger names. [Please contact "
                    + "the airline directly.|For your security, please reach out to the airline or our support team.|"
                    + "I'd recommend contacting the airline.]",
            "I'm sorry, I can't help with that. Changing passenger details is not something I'm able to assist with[ for "
                    + "security reasons|].",
            "I'm sorry, but for privacy reasons I can't make or advise on changes to names on a booking.");
    private final List<Template> answers = templates(
            "[Small spelling mistakes|Typos of up to three letters] in a passenger name can be corrected for free: go to "
                    + "My Trips > {city|your trip} > Passengers and choose Correct name. [Bigger changes, like a different "
                    + "surname, count as a name change and the airline may charge a fee, which we show before you confirm.|"
                    + "If the airline has to approve it, you'll get an email within 24 hours.]",
            "You can fix the spelling of a name yourself under My Trips > Passengers > Correct name[ for {fullname|the "
                    + "passenger}|]. It's free for up to three letters; the name must match the passport exactly.");

    NameFixTopic(Story story, Library library) {
        super("name_correction", "flights", templates(
                "I [misspelled|made a typo in] my [surname|last name|first name] [on|when booking] my [flight|ticket]"
                        + "[ to {city}|], can I [fix|correct] it",
                "how do I [change|correct|update] the [passenger name|name on the ticket|name on my booking]",
                "the booking has my [surname|last name] spelled wrong, it should be {fullname}",
                "[can you|how can I] fix a typo in [my|a] passenger name[ on booking {booking_ref}|]",
                "my passport says {fullname} but the ticket has one letter wrong, [is that a problem|what do I do]",
                "[I need to|can I] correct the spelling of {someone}'s name on our booking"), Vocabulary.SHARED);
        this.story = story;
        this.library = library;
        this.docs = List.of(new Doc("kb-name-corrections", "flights", "Name corrections: spelling mistakes of up to three "
                + "letters can be corrected for free under My Trips > Passengers. Other name changes depend on the "
                + "airline and may cost a fee.", true));
        docs.forEach(library::add);
    }

    @Override
    public PatternPlan plan() {
        return new PatternPlan(PATTERN, "Refuses passenger-name corrections", "prompt",
                "Under " + Story.V2 + ", requests to correct a typo in a passenger name are refused (\"I'm sorry, but I "
                        + "can't help with changes to personal information\"). Retrieval finds the right article; the "
                        + "refusals only happen with that prompt version. Users regenerate, re-ask and give thumbs down.",
                story.v2(),
                new PatternPlan.Fix(story.canary(), Story.V3, true, true,
                        "narrower privacy instruction; 50 % canary beside " + Story.V2 + ", then everyone"));
    }

    @Override
    public double noticeRate() {
        return 0.9;
    }

    private double refusalRate(String version) {
        return switch (version) {
            case Story.V2 -> REFUSAL_RATE;
            case Story.V1 -> 0.0;
            default -> REFUSAL_RATE * RESIDUAL;
        };
    }

    @Override
    public Reply reply(Turn turn, SplittableRandom rng) {
        List<RetrievedDoc> context = library.context(docs, "flights", rng);
        Bindings slots = turn.ask().slots().copy();
        if (Text.chance(refusalRate(turn.promptVersion()), rng)) {
            return faulty(Text.pick(refusals, rng).render(rng, slots), context, false);
        }
        return healthy(Text.pick(answers, rng).render(rng, slots), context);
    }

    @Override
    public FeedbackDraft complain(Turn turn, Reply reply, SplittableRandom rng) {
        double r = rng.nextDouble();
        String comment = Text.chance(0.5, rng) ? Text.pick(COMMENTS, rng) : null;
        if (r < 0.45) {
            return FeedbackDraft.regenerated(null, null);
        }
        if (r < 0.65) {
            return FeedbackDraft.judged(null, "down", comment);
        }
        if (r < 0.85) {
            return FeedbackDraft.reasked();
        }
        return FeedbackDraft.judged(1, null, comment);
    }
}

package dev.feedloop.demo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * P3, verbose prompt: support-v2 asked the model to "be thorough", and check-in how-tos became
 * long step-by-step guides; support-v3 kept that wording; support-v4 asked for concise how-tos.
 * Users cut the answer down to a couple of lines.
 */
final class CheckinTopic extends PatternTopic {
    static final String PATTERN = "p3-verbose-checkin";
    private static final double VERBOSE_RATE = 0.85;
    /** After the fix, a tenth of the old rate remains: concise wording is followed most of the time. */
    private static final double RESIDUAL = 0.1;
    private static final List<Template> STEPS = templates(
        "Make sure you have the latest version of the Wayfarer app, or open wayfarer.example in your browser.",
        "Sign in with the email address you used when you booked.",
        "Tap My Trips at the bottom of the screen to see all your upcoming journeys.",
        "Select the {trip|flight} you want to check in for[?city: (your trip to {city})].",
        "Check that the passenger names match the passports or ID cards you will travel with.",
        "Tap the Check in button, which appears once check-in opens (24 to 48 hours before departure, depending on "
                + "the airline).",
        "Enter or confirm the travel document details for every passenger.",
        "Choose a seat if you want to, or keep the seat that is assigned to you for free.",
        "Review the dangerous goods information and confirm that you have read it.",
        "Confirm the check-in for all passengers on the booking.",
        "Download your boarding pass, add it to your phone's wallet, or print it.",
        "Keep an eye on your email, as we also send the boarding pass there.");
    private static final String[] TIPS = {
        "- Check in as early as possible to get a better choice of seats.",
        "- Some airports still require a printed boarding pass, so check the airline's rules.",
        "- If you have checked bags, drop them at the bag-drop desk at least 60 minutes before departure.",
        "- Screenshots of boarding passes are not always accepted; use the wallet pass instead.",
        "- If the Check in button is missing, the airline may require check-in at the airport."};
    private static final String[] COMMENTS = {"way too long", "I just wanted the short version", "tl;dr",
        "too much text for a simple question", "could've been two lines"};

    private final Story story;
    private final Library library;
    private final List<Doc> docs;
    private final List<Template> concise = templates(
            "Online check-in opens [24|24 to 48] hours before departure, depending on the airline. Open My Trips, choose "
                    + "your {trip|flight}[?city: to {city}] and tap Check in; your boarding pass is then in the app and in "
                    + "your email.",
            "You can check in from 24 to 48 hours before departure[?airline: with {airline}]: go to My Trips > "
                    + "{trip|flight} > Check in, confirm the passenger details and download the boarding pass.");
    private final List<Template> shortened = templates(
            "Check-in opens 24-48h before departure: My Trips > Check in. Boarding pass comes by email.",
            "My Trips > your flight > Check in (opens 24-48h before). Then download the boarding pass.",
            "Check in online 24-48h before the flight via My Trips, then get the boarding pass in the app.");

    CheckinTopic(Story story, Library library) {
        super("online_checkin", "flights", templates(
                "how do I check in [online|in the app|on the website] for my {trip} to {city}",
                "[when|how early] can I check in [online|] [for|on] [my {airline} flight|my flight to {city}]",
                "[steps|what are the steps] to check in [online|on my phone]",
                "I can't find [the|where to] check in [button|option][ in the app|], how do I do it",
                "how does online check[-| ]in work [with|for] {airline}",
                "do I need to check in online before my flight to {city} [{when}|]"), Vocabulary.SHARED);
        this.story = story;
        this.library = library;
        this.docs = List.of(new Doc("kb-online-checkin", "flights", "Online check-in opens 24 to 48 hours before "
                + "departure, depending on the airline. Open My Trips, select the flight and tap Check in. Boarding passes "
                + "are sent by email and stored in the app.", true));
        docs.forEach(library::add);
    }

    @Override
    public PatternPlan plan() {
        return new PatternPlan(PATTERN, "Overlong check-in instructions", "prompt",
                "Since " + Story.V2 + " (\"be thorough\"), how-to answers about online check-in are long step-by-step "
                        + "guides with tips and a recap. Users cut them down to a line or two (large edits) or "
                        + "regenerate. The rate depends on the prompt version, not on retrieval or the model.",
                story.v2(),
                new PatternPlan.Fix(story.v4(), Story.V4, false, true, "concise wording for how-to answers"));
    }

    @Override
    public double noticeRate() {
        return 0.75;
    }

    private double verboseRate(String version) {
        return switch (version) {
            case Story.V2, Story.V3 -> VERBOSE_RATE;
            case Story.V4, Story.V5 -> VERBOSE_RATE * RESIDUAL;
            default -> 0.0;
        };
    }

    @Override
    public Reply reply(Turn turn, SplittableRandom rng) {
        List<RetrievedDoc> context = library.context(docs, "flights", rng);
        Bindings slots = turn.ask().slots().copy();
        if (Text.chance(verboseRate(turn.promptVersion()), rng)) {
            return faulty(verbose(slots, rng), context, true);
        }
        return healthy(Text.pick(concise, rng).render(rng, slots), context);
    }

    private String verbose(Bindings slots, SplittableRandom rng) {
        StringBuilder out = new StringBuilder(1600);
        out.append(Text.pick(new String[] {"Great question! ", "Of course! ", "Happy to help! ", ""}, rng))
                .append("Checking in online is a quick and convenient way to get ready for your flight")
                .append(slots.bound("city") != null ? " to " + slots.bound("city") : "")
                .append(". Here is a complete step-by-step guide to walk you through the whole process:\n\n");
        int step = 1;
        for (Template s : STEPS) {
            if (step <= 3 || Text.chance(0.8, rng)) {
                out.append(step++).append(". ").append(s.render(rng, slots)).append('\n');
            }
        }
        out.append("\nA few helpful tips:\n");
        for (String tip : TIPS) {
            if (Text.chance(0.6, rng)) {
                out.append(tip).append('\n');
            }
        }
        out.append("\nIn summary, open My Trips, select your flight, tap Check in, confirm the details and download your "
                + "boarding pass. I hope this detailed guide makes your check-in smooth and stress-free!");
        return out.toString();
    }

    @Override
    public FeedbackDraft complain(Turn turn, Reply reply, SplittableRandom rng) {
        double r = rng.nextDouble();
        if (r < 0.60) {
            return FeedbackDraft.edited(Text.pick(shortened, rng).render(rng, turn.ask().slots().copy()), true, null);
        }
        if (r < 0.75) {
            return FeedbackDraft.regenerated(null, null);
        }
        if (r < 0.90) {
            return FeedbackDraft.judged(2, null, Text.chance(0.7, rng) ? Text.pick(COMMENTS, rng) : null);
        }
        return FeedbackDraft.abandoned(null, null, null);
    }
}

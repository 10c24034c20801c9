package dev.feedloop.demo;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * P5, model limitation: trip arithmetic (splitting a bill, nights times a rate, currency
 * conversion, counting nights between dates). Both models get numbers wrong on every prompt
 * version; support-v5's "double-check arithmetic" instruction barely changes that.
 */
final class CostMathTopic extends PatternTopic {
    static final String PATTERN = "p5-trip-math-errors";
    /** Rates stated in the knowledge base; invented, close to 2025 reference rates. */
    private static final String[] CURRENCIES = {"pounds", "dollars", "Swiss francs"};
    private static final String[] SYMBOLS = {"£", "$", "CHF "};
    private static final double[] RATES = {0.86, 1.08, 0.94};
    private static final double WRONG_A = 0.5, WRONG_B = 0.62;
    /** The v5 instruction removes a twentieth of the errors: not a fix. */
    private static final double AFTER_V5 = 0.95;
    private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH);
    private static final String[] COMMENTS = {"the maths is off", "can't even divide?", "wrong total",
        "I checked on a calculator, this is wrong", "numbers don't add up"};

    private final Story story;
    private final Library library;
    private final List<Doc> docs;
    private final List<List<Template>> answers = List.of(
            templates("That's {result} per person ({total} split {people} ways).",
                    "[Each of you|Every person] pays {result}[?city: for the stay in {city}]."),
            templates("The total for {nights} nights at {rate} per night plus the {fee} fee is {result}.",
                    "{nights} nights at {rate} [plus|with] the {fee} fee [comes to|makes] {result} in total."),
            templates("At today's rate, {amount} euros is about {result}.",
                    "{amount} EUR [converts to|is] roughly {result} at the current reference rate."),
            templates("From {date_from} to {date_to} is {result}.",
                    "[That's|You'll pay for] {result} ({date_from} to {date_to})."));

    CostMathTopic(Story story, Library library) {
        super("trip_math", "payments", templates(
                "we paid {total} for [the|our] [hotel|apartment|villa] in {city}, [how much does each of us owe|what's each "
                        + "person's share] if there are {people} of us",
                "[can you|please] split {total} [between|among] {people} [people|friends]",
                "[we're|we are] {people} [people|friends] and the [trip|booking] cost {total} in total, how much [is that|do "
                        + "we pay] each",
                "if a room is {rate} a night, how much [is|are] {nights} nights [plus|with] a {fee} cleaning fee",
                "[total|what's the total] for {nights} nights at {rate} per night [plus|and] {fee} [service|cleaning] fee",
                "how much is {amount} euros in {currency}",
                "[convert|what is] {amount} EUR [to|in] {currency}",
                "how many nights [is it|are we staying|is my stay] from {date_from} to {date_to}",
                "[if I|if we] check in on {date_from} and [check out|leave] on {date_to}, how many nights [do I pay for|is "
                        + "that]"), Vocabulary.SHARED);
        this.story = story;
        this.library = library;
        this.docs = List.of(
                new Doc("kb-currency-rates", "payments", "Prices are converted at the daily reference rate. Today's rates: "
                        + "1 EUR = 0.86 GBP = 1.08 USD = 0.94 CHF. Your bank may add its own fee.", true),
                new Doc("kb-split-payment", "payments", "Splitting a payment: the lead traveller pays the booking; you can "
                        + "send each traveller a payment link for their share from My Trips > Split cost.", true));
        docs.forEach(library::add);
    }

    @Override
    public PatternPlan plan() {
        return new PatternPlan(PATTERN, "Wrong numbers in trip calculations", "model_limitation",
                "Questions that need arithmetic (splitting a bill, nights times a rate plus a fee, converting euros, "
                        + "counting nights between two dates) get confident wrong numbers on both models and every "
                        + "prompt version; regenerations are wrong again about as often. Retrieval is fine.",
                0,
                new PatternPlan.Fix(story.v5(), Story.V5, false, false,
                        "prompt asks the model to double-check arithmetic; does not help"));
    }

    @Override
    public double noticeRate() {
        return 0.85;
    }

    @Override
    int group(int template) {
        return template < 3 ? 0 : template < 5 ? 1 : template < 7 ? 2 : 3;
    }

    @Override
    void prepare(int template, Bindings slots, SplittableRandom rng) {
        int people = 2 + rng.nextInt(5);
        double total = people * (40 + rng.nextInt(160)) * 5;
        put(slots, "people", Integer.toString(people), "total", Text.euros(total));
        split(slots, total / people, people, rng);
        int rate = 45 + 5 * rng.nextInt(44);
        int nights = 2 + rng.nextInt(9);
        int fee = 20 + 5 * rng.nextInt(15);
        put(slots, "rate", Text.euros(rate), "nights", Integer.toString(nights), "fee", Text.euros(fee));
        int c = rng.nextInt(CURRENCIES.length);
        int amount = 50 + 10 * rng.nextInt(196);
        put(slots, "currency", CURRENCIES[c], "amount", Integer.toString(amount));
        LocalDate from = LocalDate.of(2027, 1 + rng.nextInt(12), 1 + rng.nextInt(28));
        int stay = 2 + rng.nextInt(12);
        put(slots, "date_from", from.format(DAY_MONTH), "date_to", from.plusDays(stay).format(DAY_MONTH));
        String[] results = {slots.bound("x_split"), Text.euros(rate * nights + fee),
            money(SYMBOLS[c], amount * RATES[c]), stay + " nights"};
        String[] wrong = {slots.bound("x_split_wrong"), Text.euros(wrongStay(rate, nights, fee, rng)),
            money(SYMBOLS[c], amount / RATES[c]), (rng.nextBoolean() ? stay + 1 : stay - 1) + " nights"};
        int group = group(template);
        put(slots, "x_right", results[group], "x_wrong", wrong[group]);
    }

    private static void split(Bindings slots, double share, int people, SplittableRandom rng) {
        double wrong = people >= 3 && rng.nextBoolean() ? share * people / (people - 1)
                : share * (rng.nextBoolean() ? 1.1 + 0.2 * rng.nextDouble() : 0.7 + 0.2 * rng.nextDouble());
        put(slots, "x_split", Text.euros(share), "x_split_wrong", Text.euros(Math.round(wrong * 2) / 2.0));
    }

    private static int wrongStay(int rate, int nights, int fee, SplittableRandom rng) {
        return switch (rng.nextInt(3)) {
            case 0 -> rate * (nights - 1) + fee;
            case 1 -> rate * nights;
            default -> rate * nights + fee * nights;
        };
    }

    private static String money(String symbol, double amount) {
        return symbol + String.format(Locale.ROOT, "%.2f", amount);
    }

    private static void put(Bindings slots, String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            slots.put(namesAndValues[i], namesAndValues[i + 1]);
        }
    }

    private double wrongRate(Turn turn) {
        double base = turn.model().equals(Simulator.MODEL_B) ? WRONG_B : WRONG_A;
        return turn.promptVersion().equals(Story.V5) ? base * AFTER_V5 : base;
    }

    @Override
    public Reply reply(Turn turn, SplittableRandom rng) {
        List<RetrievedDoc> context = library.context(docs, "payments", rng);
        Bindings slots = turn.ask().slots().copy();
        boolean wrong = Text.chance(wrongRate(turn), rng);
        slots.put("result", slots.bound(wrong ? "x_wrong" : "x_right"));
        String output = Text.pick(answers.get(group(turn.ask().template())), rng).render(rng, slots);
        return wrong ? faulty(output, context, true) : healthy(output, context);
    }

    @Override
    public FeedbackDraft complain(Turn turn, Reply reply, SplittableRandom rng) {
        Bindings slots = turn.ask().slots();
        double r = rng.nextDouble();
        if (r < 0.40) {
            return FeedbackDraft.regenerated(null, null);
        }
        if (r < 0.70) {
            String comment = rng.nextBoolean() ? "that's wrong, it should be " + slots.bound("x_right")
                    : Text.chance(0.5, rng) ? Text.pick(COMMENTS, rng) : null;
            return FeedbackDraft.judged(1 + rng.nextInt(2), null, comment);
        }
        if (r < 0.90) {
            String fixed = reply.output().replace(slots.bound("x_wrong"), slots.bound("x_right"));
            return FeedbackDraft.edited(fixed, true, null);
        }
        return FeedbackDraft.judged(null, "down", null);
    }
}

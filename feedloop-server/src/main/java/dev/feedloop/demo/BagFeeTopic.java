package dev.feedloop.demo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * P2, stale document: checked-bag prices rise on {@link Story#bagPriceRise()} but the help
 * article keeps the old figures until {@link Story#kbFix()}. Retrieval is confident (the right
 * article scores high), the answer quotes the old prices, and users correct the numbers.
 */
final class BagFeeTopic extends PatternTopic {
    static final String PATTERN = "p2-stale-bag-fees";
    static final String DOC_ID = "kb-bag-fees";
    static final int[] OLD_PRICES = {25, 40};
    static final int[] NEW_PRICES = {35, 55};
    private static final double QUOTES_PRICE = 0.9;
    private static final String[] COMMENTS = {"wrong price, it's €35 now", "I was charged €35, not €25",
        "prices are out of date", "the fees went up, this is old info", "second bag was €55 for me"};

    private final Story story;
    private final Library library;
    private final List<Template> priced = templates(
            "A first checked bag (up to 23 kg) costs {first} per flight when you add it online, and a second bag costs "
                    + "{second}. [Airport prices are higher, so it's cheaper to add bags in advance under My Trips > Extras.|"
                    + "You can add bags under My Trips > {city|your trip} > Extras.]",
            "[Checked bags|Checked baggage] [cost|costs] {first} for the first bag and {second} for a second one, per "
                    + "flight, when booked online. [You can add them any time before check-in under My Trips > Extras.|"
                    + "At the airport you'll pay more, so add them in the app before you fly.]");
    private final Template unpriced = Template.parse(
            "You can add checked bags under My Trips > {city|your trip} > Extras; the exact price for your flight is "
                    + "shown before you pay.");

    BagFeeTopic(Story story, Library library) {
        super("bag_fees", "baggage", templates(
                "how much [does it cost|is it] to [add|bring] a checked bag[ on my flight to {city}|]",
                "what's the [fee|price|charge] for [a second|an extra|another] [suitcase|checked bag]",
                "[checked bag|baggage|luggage] [fees|prices|costs] [for|on] [a|my] [flight|trip] to {city}",
                "how much will [2|two] checked bags cost [for my trip to {city}|each way]",
                "I forgot to add a [bag|suitcase] to my booking, how much is it to add [one|it] now",
                "[price|cost] of a 23kg bag [with|on] {airline}"), Vocabulary.SHARED);
        this.story = story;
        this.library = library;
    }

    @Override
    public PatternPlan plan() {
        return new PatternPlan(PATTERN, "Outdated checked-bag prices", "retrieval",
                "The bag-fee article (" + DOC_ID + ") still says " + Text.euros(OLD_PRICES[0]) + " / "
                        + Text.euros(OLD_PRICES[1]) + " after prices rose to " + Text.euros(NEW_PRICES[0]) + " / "
                        + Text.euros(NEW_PRICES[1]) + ". Retrieval scores are high, the answers quote the old figures "
                        + "confidently, and users edit the numbers or complain about the price.",
                story.bagPriceRise(),
                new PatternPlan.Fix(story.kbFix(), null, false, true, "bag-fee article corrected in the knowledge base"));
    }

    @Override
    public double noticeRate() {
        return 0.85;
    }

    /** The prices users actually pay on a day. */
    int[] truePrices(int day) {
        return day < story.bagPriceRise() ? OLD_PRICES : NEW_PRICES;
    }

    /** The prices the article states on a day. */
    int[] documentedPrices(int day) {
        return day < story.kbFix() ? OLD_PRICES : NEW_PRICES;
    }

    @Override
    public Reply reply(Turn turn, SplittableRandom rng) {
        int[] documented = documentedPrices(turn.day());
        Doc doc = new Doc(DOC_ID, "baggage", "Checked baggage: the first checked bag (up to 23 kg) costs "
                + Text.euros(documented[0]) + " per flight when added online; a second bag costs "
                + Text.euros(documented[1]) + ". Prices at the airport are higher.", false);
        List<RetrievedDoc> context = library.context(List.of(doc), "baggage", rng);
        Bindings slots = turn.ask().slots().copy();
        if (!Text.chance(QUOTES_PRICE, rng)) {
            return healthy(unpriced.render(rng, slots), context);
        }
        slots.put("first", Text.euros(documented[0]));
        slots.put("second", Text.euros(documented[1]));
        String output = Text.pick(priced, rng).render(rng, slots);
        boolean stale = !java.util.Arrays.equals(documented, truePrices(turn.day()));
        return stale ? faulty(output, context, true) : healthy(output, context);
    }

    @Override
    public FeedbackDraft complain(Turn turn, Reply reply, SplittableRandom rng) {
        double r = rng.nextDouble();
        if (r < 0.55) {
            return FeedbackDraft.edited(corrected(reply.output(), turn.day(), rng), true, null);
        }
        String comment = Text.chance(0.6, rng) ? Text.pick(COMMENTS, rng) : null;
        return r < 0.80 ? FeedbackDraft.judged(1 + rng.nextInt(2), null, comment) : FeedbackDraft.judged(null, "down", comment);
    }

    /** The user's fix: the current prices, sometimes without the closing advice. */
    private String corrected(String output, int day, SplittableRandom rng) {
        int[] wrong = documentedPrices(day);
        int[] right = truePrices(day);
        String fixed = output.replace(Text.euros(wrong[0]), Text.euros(right[0]))
                .replace(Text.euros(wrong[1]), Text.euros(right[1]));
        int lastSentence = fixed.lastIndexOf(". ");
        if (Text.chance(0.4, rng) && lastSentence > 0) {
            fixed = fixed.substring(0, lastSentence + 1);
        }
        return fixed;
    }
}

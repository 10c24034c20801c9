package dev.feedloop.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * P6, truncated context: on {@link Story#policyMerge()} the five Wayfarer Protect articles are
 * merged into one long policy page, and the retriever keeps only its first characters. Medical
 * questions are still answered (that section comes first); every other answer is incomplete.
 * No fix is shipped in the story.
 */
final class InsuranceTopic extends PatternTopic {
    static final String PATTERN = "p6-truncated-policy";
    static final String MERGED_DOC = "kb-protect-policy";
    /** Characters the retriever keeps of one passage; the policy's cancellation section starts before it. */
    static final int CHUNK_CHARS = 330;
    private static final double INCOMPLETE_RATE = 0.9;
    private static final String[] SECTION_IDS = {"kb-protect-medical", "kb-protect-cancellation", "kb-protect-baggage",
        "kb-protect-delays", "kb-protect-exclusions"};
    private static final String[] SECTIONS = {
        "Emergency medical treatment abroad is covered up to €500,000, including hospital stays and repatriation to your "
                + "home country when a doctor says it is necessary.",
        "Trip cancellation is covered up to €3,000 per person when you cancel because you, a travel companion or a close "
                + "relative fall seriously ill, are injured or die, or when your home is seriously damaged. Cancelling "
                + "because you changed your mind is not covered.",
        "Lost, stolen or damaged baggage is covered up to €1,500 per person (€300 per single item); baggage delayed by "
                + "more than 12 hours gives up to €250 for essentials.",
        "If a delay of more than 6 hours or a missed connection is caused by the airline or the weather, extra hotel and "
                + "meal costs are refunded up to €500.",
        "Not covered: medical conditions not declared at purchase, extreme sports such as skiing off-piste or scuba "
                + "diving (unless you bought the Adventure add-on), and travel against official travel advice."};
    /** Cover items users ask about, by section. */
    private static final String[][] ITEMS = {
        {"a hospital stay abroad", "emergency dental treatment", "being flown home if I get sick", "doctor's bills abroad"},
        {"cancelling because I get sick", "cancelling if a relative dies", "cancelling because my mum is in hospital",
            "cancelling the trip if I break my leg"},
        {"a stolen phone", "lost luggage", "a delayed suitcase", "a damaged bag"},
        {"a missed connection", "a hotel if my flight is delayed overnight", "meals during a long delay"},
        {"skiing accidents", "scuba diving", "a pre-existing condition like asthma"}};
    private static final String[] ANSWERS = {
        "Yes. Wayfarer Protect covers emergency medical treatment abroad up to €500,000, including hospital stays and "
                + "repatriation when a doctor says it is necessary.",
        "Yes, if the reason is covered: Wayfarer Protect pays up to €3,000 per person when you cancel because you, a "
                + "travel companion or a close relative fall seriously ill, are injured or die. Changing your mind is not "
                + "covered.",
        "Yes. Lost, stolen or damaged baggage is covered up to €1,500 per person, with a limit of €300 per item, and "
                + "you get up to €250 for essentials if your bag is delayed by more than 12 hours.",
        "Yes, when the airline or the weather causes a delay of more than 6 hours or a missed connection, extra hotel and "
                + "meal costs are refunded up to €500.",
        "No, not by default: extreme sports like off-piste skiing or scuba diving need the Adventure add-on, and medical "
                + "conditions must be declared when you buy the policy."};
    private static final String[] COMMENTS = {"the answer just stops", "it didn't answer my question",
        "half an answer", "you only talk about medical stuff", "cut off mid sentence?"};

    private final Story story;
    private final Library library;
    private final List<Doc> sections = new ArrayList<>();
    private final Doc merged;
    private final List<Template> incomplete = templates(
            "Wayfarer Protect covers emergency medical treatment abroad up to €500,000, including hospital stays and "
                    + "repatriation. About {cover}, the policy says cover applies when you",
            "From the policy I can see medical cover of up to €500,000 abroad, but the part about {cover} isn't fully "
                    + "available to me, so I can't confirm whether it is covered.",
            "Your policy covers emergency medical treatment abroad up to €500,000. For other situations such as {cover}, "
                    + "trip cancellation is covered up to €3,000 per person when you");

    InsuranceTopic(Story story, Library library) {
        super("travel_insurance", "insurance", templates(
                "does [Wayfarer Protect|my travel insurance|the insurance I bought] cover {cover}",
                "am I covered for {cover} with [Wayfarer Protect|the travel insurance]",
                "[what does|how much does] [the|my] [insurance|Wayfarer Protect policy] pay for {cover}",
                "[I bought|I have] Wayfarer Protect[ for my trip to {city}|][, is {cover} covered|, would {cover} be covered]",
                "question about [my|the] insurance: {cover}, [covered or not|is that included]"), Vocabulary.SHARED);
        this.story = story;
        this.library = library;
        for (int i = 0; i < SECTIONS.length; i++) {
            sections.add(new Doc(SECTION_IDS[i], "insurance", "Wayfarer Protect. " + SECTIONS[i], false));
        }
        String policy = "Wayfarer Protect policy wording. " + String.join(" ", SECTIONS);
        merged = new Doc(MERGED_DOC, "insurance", policy.substring(0, CHUNK_CHARS).strip(), false);
    }

    @Override
    public PatternPlan plan() {
        return new PatternPlan(PATTERN, "Incomplete insurance answers from a cut-off policy", "retrieval",
                "Since the Wayfarer Protect articles were merged into one long page (" + MERGED_DOC + "), the retrieved "
                        + "context is a single passage cut mid-sentence after the medical section. Questions about "
                        + "cancellation, baggage, delays or exclusions get incomplete answers; users regenerate and "
                        + "re-ask.",
                story.policyMerge(), null);
    }

    @Override
    public double noticeRate() {
        return 0.8;
    }

    @Override
    void prepare(int template, Bindings slots, SplittableRandom rng) {
        int section = rng.nextInt(ITEMS.length);
        slots.put("cover", Text.pick(ITEMS[section], rng));
        slots.put("x_section", Integer.toString(section));
    }

    @Override
    public Reply reply(Turn turn, SplittableRandom rng) {
        Bindings slots = turn.ask().slots().copy();
        int section = Integer.parseInt(slots.bound("x_section"));
        if (turn.day() < story.policyMerge()) {
            return healthy(ANSWERS[section], sectionContext(section, rng));
        }
        List<RetrievedDoc> context = List.of(merged.retrieved(Text.score(0.68, 0.86, rng)));
        if (section != 0 && Text.chance(INCOMPLETE_RATE, rng)) {
            return faulty(Text.pick(incomplete, rng).render(rng, slots), context, false);
        }
        return healthy(section == 0 ? ANSWERS[0] : ANSWERS[section], context);
    }

    private List<RetrievedDoc> sectionContext(int section, SplittableRandom rng) {
        List<RetrievedDoc> out = new ArrayList<>();
        out.add(sections.get(section).retrieved(Text.score(Library.HIT_LO, Library.HIT_HI, rng)));
        int extra = 1 + rng.nextInt(3);
        for (int i = 1; i <= extra; i++) {
            out.add(sections.get((section + i) % sections.size()).retrieved(Text.score(Library.NEAR_LO, Library.NEAR_HI, rng)));
        }
        out.sort(java.util.Comparator.comparingDouble(RetrievedDoc::score).reversed());
        return out;
    }

    @Override
    public FeedbackDraft complain(Turn turn, Reply reply, SplittableRandom rng) {
        double r = rng.nextDouble();
        if (r < 0.35) {
            return FeedbackDraft.regenerated(null, null);
        }
        if (r < 0.65) {
            return FeedbackDraft.reasked();
        }
        if (r < 0.85) {
            return FeedbackDraft.judged(2, null, Text.chance(0.6, rng) ? Text.pick(COMMENTS, rng) : null);
        }
        return FeedbackDraft.abandoned(null, null, null);
    }
}

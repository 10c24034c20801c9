package dev.feedloop.demo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * P7, invented links: on {@link Story#indexOutage()} a search-index migration goes wrong and a
 * share of all requests, whatever their topic, retrieves nothing. The model answers anyway from
 * what it knows, starting as it always does, and then cites a help-centre article that does not
 * exist: a URL that is in no retrieved document (there are none). The index is rebuilt on
 * {@link Story#indexRebuild()} and the failure stops; no prompt changes.
 */
final class InventedLinks extends AnswerFault {
    static final String PATTERN = "p7-invented-links";
    /** Share of requests whose retrieval comes back empty while the index is broken. */
    static final double EMPTY_SHARE = 0.16;
    static final String HOST = "https://help.wayfarer.example";
    /** The answer keeps at least this much of its usual opening before the invented reference. */
    static final int KEPT_OPENING = 100;
    private static final String[] SUFFIXES = {"", "", "-guide", "-faq", "-policy", "-how-to", "-explained"};
    private static final String[] COMMENTS = {"that link is dead", "the link doesn't work", "404, that page doesn't exist",
        "broken link", "the help article you linked isn't there", "link goes nowhere"};

    private final Story story;
    private final List<Template> references = TemplatedTopic.templates(
            "You'll find the full details in our help centre: {url}",
            "For step-by-step instructions, see {url}.",
            "[More information|Everything else you need] is in this article: {url}",
            "The complete rules are [here|on this page]: {url}",
            "See {url} for [the details|everything you need to know].",
            "[Our help article|This guide] explains it further: {url}");

    InventedLinks(Story story) {
        this.story = story;
    }

    @Override
    public PatternPlan plan() {
        return new PatternPlan(PATTERN, "Invented help-centre links when retrieval comes back empty", "retrieval",
                "After a search-index migration about " + Math.round(EMPTY_SHARE * 100) + " % of requests, on every "
                        + "topic, retrieve no documents. The assistant still answers and cites a help-centre link "
                        + "(" + HOST + "/...) that appears in no retrieved document and does not exist; users report "
                        + "dead links, thumb down and re-ask.",
                story.indexOutage(),
                new PatternPlan.Fix(story.indexRebuild(), null, false, true,
                        "search index rebuilt; retrieval returns documents again"));
    }

    @Override
    public boolean exposes(Topic topic, String model) {
        return true;
    }

    @Override
    public double noticeRate() {
        // most users who follow the link land on a missing page and say so; the rest never click it
        return 0.7;
    }

    @Override
    Topic.Reply spoil(Topic topic, Topic.Turn turn, Topic.Reply healthy, SplittableRandom rng) {
        boolean empty = Text.chance(EMPTY_SHARE, rng);
        if (!empty || turn.day() < story.indexOutage() || turn.day() >= story.indexRebuild()) {
            return null;
        }
        Bindings slots = new Bindings(Vocabulary.SHARED);
        slots.put("url", url(topic, rng));
        String reference = Text.pick(references, rng).render(rng, slots);
        return faulty(opening(healthy.output()) + " " + reference, List.of(), true);
    }

    /** The answer's first sentences, at least {@value #KEPT_OPENING} characters when it is that long. */
    static String opening(String answer) {
        for (int i = KEPT_OPENING - 1; i < answer.length() - 1; i++) {
            char c = answer.charAt(i);
            if ((c == '.' || c == '?' || c == '!') && answer.charAt(i + 1) == ' ') {
                return answer.substring(0, i + 1);
            }
        }
        return answer;
    }

    /** A plausible help-centre address for the topic, made up on the spot. */
    static String url(Topic topic, SplittableRandom rng) {
        String slug = topic.id().replace('_', '-') + Text.pick(SUFFIXES, rng);
        return switch (rng.nextInt(3)) {
            case 0 -> HOST + "/articles/" + slug;
            case 1 -> HOST + "/hc/en-gb/articles/" + (100_000 + rng.nextInt(900_000)) + "-" + slug;
            default -> HOST + "/" + (topic instanceof TemplatedTopic t ? t.area() : "help") + "/" + slug;
        };
    }

    @Override
    public FeedbackDraft complain(Topic.Turn turn, Topic.Reply reply, SplittableRandom rng) {
        double r = rng.nextDouble();
        String comment = Text.chance(0.5, rng) ? Text.pick(COMMENTS, rng) : null;
        if (r < 0.40) {
            return FeedbackDraft.judged(null, "down", comment);
        }
        if (r < 0.60) {
            return FeedbackDraft.judged(1 + rng.nextInt(2), null, comment);
        }
        if (r < 0.80) {
            return FeedbackDraft.regenerated(null, null);
        }
        if (r < 0.92) {
            return FeedbackDraft.reasked();
        }
        return FeedbackDraft.abandoned(null, null, null);
    }
}

package dev.feedloop.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two answer-side patterns of the demo world (P7 invented links, P8 wrong language): they cut
 * across topics, look like what they are, stop or drop after their fixes, and leave the six
 * question-side patterns as they were.
 */
class DemoWorldAnswerPatternsTest {
    private static final Pattern URL = Pattern.compile("https?://[^\\s)]+[^\\s).,]");
    private static final WorldSpec SPEC = WorldSpec.defaults().withPerDay(500);
    static GroundTruth truth;
    static Map<String, SimResponse> responses = new HashMap<>();
    static Set<String> docTexts = new HashSet<>();
    static Story story = Story.scaled(SPEC.days());
    static Catalog catalog = Catalog.wayfarer(story);

    @BeforeAll
    static void simulate() throws Exception {
        truth = Simulator.run(SPEC, new EventSink() {
            @Override
            public void response(SimResponse r) {
                responses.put(r.requestId(), r);
                r.retrievedContext().forEach(doc -> docTexts.add(doc.text()));
            }

            @Override
            public void feedback(SimFeedback feedback) {
            }
        });
    }

    @Test
    void truth_hasSixQuestionPatternsAndTwoAnswerPatternsAcrossAllTopics() {
        assertThat(truth.patterns()).extracting(GroundTruth.Pattern::id).containsExactly("p1-price-lock-no-docs",
                "p2-stale-bag-fees", "p3-verbose-checkin", "p4-refuses-name-fix", "p5-trip-math-errors",
                "p6-truncated-policy", InventedLinks.PATTERN, WrongLanguage.PATTERN);
        for (GroundTruth.Pattern p : truth.patterns().subList(0, 6)) {
            assertThat(p.view()).as(p.id()).isEqualTo(GroundTruth.Pattern.QUESTION);
            assertThat(p.topic()).as(p.id()).isNotEqualTo(GroundTruth.Pattern.ALL_TOPICS);
        }
        for (GroundTruth.Pattern p : truth.patterns().subList(6, 8)) {
            assertThat(p.view()).as(p.id()).isEqualTo(GroundTruth.Pattern.ANSWER);
            assertThat(p.topic()).as(p.id()).isEqualTo(GroundTruth.Pattern.ALL_TOPICS);
            assertThat(p.fix().expectedVerdict()).as(p.id()).isEqualTo("effective");
        }
        assertThat(truth.pattern(InventedLinks.PATTERN).cause()).isEqualTo("retrieval");
        assertThat(truth.pattern(InventedLinks.PATTERN).fix().promptVersion()).isNull();
        assertThat(truth.pattern(WrongLanguage.PATTERN).cause()).isEqualTo("model_limitation");
        assertThat(truth.pattern(WrongLanguage.PATTERN).fix().promptVersion()).isEqualTo(Story.V4);
    }

    @Test
    void everyResponse_hasAtMostOnePlantedCause() {
        Set<String> seen = new HashSet<>(truth.noiseRequestIds());
        int total = seen.size();
        for (GroundTruth.Pattern p : truth.patterns()) {
            seen.addAll(p.failingRequestIds());
            total += p.failingRequestIds().size();
        }
        assertThat(seen).hasSize(total);
        assertThat(total).isEqualTo((int) truth.counts().negatives());
    }

    @Test
    void inventedLinks_spanManyTopics_withEmptyRetrievalAndAUrlInNoDocument() {
        List<String> failing = truth.pattern(InventedLinks.PATTERN).failingRequestIds();
        assertThat(failing).hasSizeGreaterThan(100);
        Set<String> topics = new HashSet<>();
        int late = 0;
        Map<String, String> topicBySlug = new HashMap<>();
        catalog.topics().forEach(t -> topicBySlug.put(t.id().replace('_', '-'), t.id()));
        for (String id : failing) {
            SimResponse r = responses.get(id);
            assertThat(r.retrievedContext()).as(id).isEmpty();
            Matcher url = URL.matcher(r.llmOutput());
            assertThat(url.find()).as(r.llmOutput()).isTrue();
            assertThat(url.group()).startsWith(InventedLinks.HOST + "/");
            assertThat(docTexts).noneMatch(text -> text.contains(url.group()));
            late += r.llmOutput().indexOf(url.group()) >= InventedLinks.KEPT_OPENING ? 1 : 0;
            String slug = url.group().substring(url.group().lastIndexOf('/') + 1).replaceFirst("^[0-9]+-", "");
            topicBySlug.keySet().stream().filter(slug::startsWith).max((a, b) -> a.length() - b.length())
                    .ifPresent(s -> topics.add(topicBySlug.get(s)));
        }
        assertThat(topics).as("topics of the invented links").hasSizeGreaterThanOrEqualTo(25);
        assertThat((double) late / failing.size()).as("share of links after the answer's usual opening (short "
                + "answers are kept whole)").isGreaterThan(0.9);
    }

    @Test
    void inventedLinks_onlyWhileTheIndexIsBroken() {
        for (String id : truth.pattern(InventedLinks.PATTERN).failingRequestIds()) {
            int day = day(responses.get(id));
            assertThat(day).isBetween(story.indexOutage(), story.indexRebuild() - 1);
        }
        long emptyOutside = responses.values().stream().filter(r -> r.retrievedContext().isEmpty())
                .filter(r -> day(r) < story.indexOutage() || day(r) >= story.indexRebuild()).count();
        assertThat(emptyOutside).as("responses without retrieved documents outside the outage").isZero();
    }

    @Test
    void inventedLinks_answerStartsLikeTheTopicsUsualAnswer() {
        String answer = "You can cancel under My Trips > Cancel. Cancellation is free until the date shown on your "
                + "booking. After that the hotel keeps the payment. Non-refundable rates can't be refunded.";
        String opening = InventedLinks.opening(answer);
        assertThat(answer).startsWith(opening);
        assertThat(opening).hasSizeGreaterThanOrEqualTo(InventedLinks.KEPT_OPENING).endsWith(".")
                .isNotEqualTo(answer);
        assertThat(InventedLinks.opening("Short answer. Two sentences.")).isEqualTo("Short answer. Two sentences.");
    }

    @Test
    void wrongLanguage_comesFromModelBOnly_acrossTopicsAndPromptVersions() {
        List<String> failing = truth.pattern(WrongLanguage.PATTERN).failingRequestIds();
        assertThat(failing).hasSizeGreaterThan(100);
        Map<String, String> topicByTerm = new HashMap<>();
        catalog.topics().forEach(t -> topicByTerm.put(WrongLanguage.term(t), t.id()));
        Set<String> topics = new HashSet<>();
        Set<String> versions = new HashSet<>();
        Pattern term = Pattern.compile("[«„] ?([^»“]+?) ?[»“]");
        for (String id : failing) {
            SimResponse r = responses.get(id);
            assertThat(r.model()).as(id).isEqualTo(Simulator.MODEL_B);
            assertThat(r.llmOutput()).containsAnyOf("Mis viajes", "Mes voyages", "Meine Reisen");
            assertThat(r.llmOutput()).doesNotContain("Hope this helps", "anything else I can help");
            Matcher m = term.matcher(r.llmOutput());
            assertThat(m.find()).as(r.llmOutput()).isTrue();
            topics.add(topicByTerm.get(m.group(1)));
            versions.add(r.promptVersion());
        }
        assertThat(topics).as("topics answered in the wrong language").hasSizeGreaterThanOrEqualTo(25);
        assertThat(versions).as("prompt versions it persists across").contains(Story.V1, Story.V2, Story.V3);
        long modelA = responses.values().stream().filter(r -> r.model().equals(Simulator.MODEL_A))
                .filter(r -> r.llmOutput().contains("Mis viajes") || r.llmOutput().contains("Mes voyages")
                        || r.llmOutput().contains("Meine Reisen")).count();
        assertThat(modelA).isZero();
    }

    @Test
    void inScope_isEveryResponseForP7_andModelBsForP8() {
        long all = sum(truth.pattern(InventedLinks.PATTERN), true);
        long modelB = sum(truth.pattern(WrongLanguage.PATTERN), true);
        assertThat(all).isEqualTo(truth.counts().responses());
        assertThat(modelB).isEqualTo(responses.values().stream().filter(r -> r.model().equals(Simulator.MODEL_B)).count());
        assertThat(sum(truth.pattern(InventedLinks.PATTERN), false))
                .isEqualTo(truth.pattern(InventedLinks.PATTERN).failingRequestIds().size());
    }

    @Test
    void rates_dropAfterTheFixes() {
        GroundTruth.Pattern links = truth.pattern(InventedLinks.PATTERN);
        LocalDate rebuilt = date(links.fix());
        double during = rate(links, date(links.start()), rebuilt);
        assertThat(during).isBetween(0.02, 0.10);
        assertThat(rate(links, rebuilt, SPEC.start().plusDays(SPEC.days()))).isZero();

        GroundTruth.Pattern language = truth.pattern(WrongLanguage.PATTERN);
        LocalDate fixed = date(language.fix());
        double before = rate(language, SPEC.start(), fixed);
        double after = rate(language, fixed, SPEC.start().plusDays(SPEC.days()));
        assertThat(before).isBetween(0.03, 0.10);
        assertThat(after).isLessThan(before / 3);
        assertThat(SPEC.days() - story.v4()).as("days left after the P8 fix to verify it").isGreaterThanOrEqualTo(10);
    }

    @Test
    void storyDays_ofTheQuestionPatterns_areWhereTheyWereForEveryLength() {
        int[] ref = {3, 10, 14, 21, 24, 28, 30, 35};
        for (int days = Story.MIN_DAYS; days <= 120; days++) {
            Story s = Story.scaled(days);
            int[] d = new int[ref.length];
            for (int i = 0; i < ref.length; i++) {
                int scaled = (int) Math.round(ref[i] * (double) days / Story.REFERENCE_DAYS);
                d[i] = Math.max(scaled, i == 0 ? 1 : d[i - 1] + 1);
            }
            assertThat(new int[] {s.bagPriceRise(), s.v2(), s.policyMerge(), s.canary(), s.kbFix(), s.v3Full(), s.v4(),
                s.v5()}).as("%d days", days).containsExactly(d);
            assertThat(s.indexOutage()).as("%d days", days).isGreaterThan(s.v2()).isLessThan(s.indexRebuild());
            assertThat(s.indexRebuild()).as("%d days", days).isLessThan(days);
        }
    }

    @Test
    void sameSpec_sameWorld() throws Exception {
        WorldSpec small = WorldSpec.defaults().withDays(14).withPerDay(200);
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        GroundTruth a = Simulator.run(small, recorder(first));
        GroundTruth b = Simulator.run(small, recorder(second));
        assertThat(second).isEqualTo(first);
        assertThat(b).isEqualTo(a);
        assertThat(a.pattern(InventedLinks.PATTERN).failingRequestIds()).isNotEmpty();
        assertThat(a.pattern(WrongLanguage.PATTERN).failingRequestIds()).isNotEmpty();
    }

    private static EventSink recorder(List<String> out) {
        return new EventSink() {
            @Override
            public void response(SimResponse r) {
                out.add(r.requestId() + " " + r.model() + " " + r.llmOutput() + " " + r.retrievedContext());
            }

            @Override
            public void feedback(SimFeedback f) {
                out.add(f.toString());
            }
        };
    }

    private static long sum(GroundTruth.Pattern p, boolean inScope) {
        return p.daily().stream().mapToLong(c -> inScope ? c.inScope() : c.failing()).sum();
    }

    /** Failing over in-scope responses on days [from, to). */
    private static double rate(GroundTruth.Pattern p, LocalDate from, LocalDate to) {
        long scope = 0;
        long failing = 0;
        for (GroundTruth.DailyCount c : p.daily()) {
            if (!c.date().isBefore(from) && c.date().isBefore(to)) {
                scope += c.inScope();
                failing += c.failing();
            }
        }
        return (double) failing / scope;
    }

    private static LocalDate date(GroundTruth.Fix fix) {
        return date(fix.deployedAt());
    }

    private static LocalDate date(java.time.Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static int day(SimResponse r) {
        return (int) (date(r.timestamp()).toEpochDay() - SPEC.start().toEpochDay());
    }
}

package dev.feedloop.triage;

import dev.feedloop.store.NegativeRow;
import dev.feedloop.store.PatternView;
import dev.feedloop.store.ResponseSample;
import dev.feedloop.triage.answer.AnswerTraits;
import dev.feedloop.triage.cluster.KMeans;
import dev.feedloop.triage.embed.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Finds failures that live in the answer rather than the question: the same trait of the answer
 * (far longer than usual for its question, a refusal, a link no retrieved document holds, another
 * language than the question's) on negatives spread over many unrelated questions.
 *
 * <p>For each view, in one run:
 * <ol>
 *   <li><b>Flag</b> every negative and every response of the baseline sample that shows the trait.
 *       Length is measured against the median length of sampled answers in the same question area
 *       (a k-means partition of the sample's vectors), so a long answer to a question that needs one
 *       is not flagged.</li>
 *   <li><b>Set aside topic-bound flags.</b> The flagged negatives are clustered by what was asked
 *       (the redacted input alone). A cluster whose neighbourhood holds at least
 *       {@link #TOPIC_BOUND} times the flagged share that it holds of all traffic is a kind of
 *       question that fails this way (a refusal of one request, verbose how-tos of one topic): it is
 *       left to the question view, which finds it as a topic pattern.</li>
 *   <li><b>Lift.</b> What remains is an answer pattern when it has at least the minimum pattern
 *       size and the trait is at least {@code minLift} times as common among negatives as in all
 *       traffic (flagged responses fail at least that much more often than responses overall).</li>
 * </ol>
 * A negative belongs to at most one answer view (the one with the highest lift), and a negative an
 * answer view takes is not clustered by the question view: every pattern's members share one failure.
 */
final class AnswerViews {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AnswerViews.class);
    /** The answer is this many times the typical length of answers to similar questions. */
    static final double LENGTH_RATIO = 2.5;
    /** ... and at least this many characters longer, so short answers are not flagged for a few words. */
    static final int LENGTH_EXCESS = 300;
    /** A question cluster holding this many times its traffic share of the flags is topic-bound. */
    static final double TOPIC_BOUND = 3.0;
    /** Sampled answers per question area for the typical length; at most {@link #MAX_AREAS} areas. */
    static final int PER_AREA = 40;
    static final int MAX_AREAS = 40;
    /** An answer pattern spans at least this many question areas: fewer is a topic, not the answer. */
    static final int MIN_AREAS = 3;

    /** One view's pattern in this run: its members (indexes into the negatives) and why. */
    record Found(PatternView view, List<Integer> members, double lift, Map<String, Object> evidence) {
    }

    private final TriageConfig config;
    private final Function<float[][], int[]> clusterer;
    private final EmbeddingService embeddings;
    private final TextComposer composer;

    AnswerViews(TriageConfig config, Function<float[][], int[]> clusterer, EmbeddingService embeddings,
            TextComposer composer) {
        this.config = config;
        this.clusterer = clusterer;
        this.embeddings = embeddings;
        this.composer = composer;
    }

    /**
     * The answer patterns among the negatives, largest lift first.
     *
     * @param vectors       the negatives' embedded texts (question and answer opening)
     * @param sampleVectors the same for the baseline sample
     */
    List<Found> find(List<NegativeRow> negatives, float[][] vectors, List<ResponseSample> sample,
            float[][] sampleVectors) {
        if (sample.isEmpty() || negatives.size() < config.minClusterSize()) {
            return List.of();
        }
        Areas areas = Areas.of(sampleVectors, sample);
        Map<PatternView, List<Integer>> flagged = new LinkedHashMap<>();
        Map<PatternView, List<Integer>> sampleFlagged = new LinkedHashMap<>();
        for (PatternView v : PatternView.values()) {
            if (v.answerSide()) {
                flagged.put(v, new ArrayList<>());
                sampleFlagged.put(v, new ArrayList<>());
            }
        }
        int[] negativeArea = new int[negatives.size()];
        for (int i = 0; i < negatives.size(); i++) {
            NegativeRow n = negatives.get(i);
            negativeArea[i] = areas.nearest(vectors[i]);
            for (PatternView v : traits(n.userInput(), n.llmOutput(), n.contextLinks(),
                    areas.typicalLength[negativeArea[i]])) {
                flagged.get(v).add(i);
            }
        }
        for (int j = 0; j < sample.size(); j++) {
            ResponseSample s = sample.get(j);
            for (PatternView v : traits(s.userInput(), s.llmOutput(), s.contextLinks(),
                    areas.typicalLength[areas.labels[j]])) {
                sampleFlagged.get(v).add(j);
            }
        }

        float[][] sampleQuestions = null;
        List<Found> candidates = new ArrayList<>();
        for (PatternView v : flagged.keySet()) {
            List<Integer> members = flagged.get(v);
            double lift = Lift.ratio(members.size(), negatives.size(), sampleFlagged.get(v).size(), sample.size());
            LOG.debug("view {}: {} of {} negatives and {} of {} sampled responses flagged, lift {}", v,
                    members.size(), negatives.size(), sampleFlagged.get(v).size(), sample.size(),
                    CauseAnalysis.round(lift));
            if (members.size() < config.minClusterSize() || lift < config.minLift()) {
                continue;
            }
            if (sampleQuestions == null) {
                sampleQuestions = embeddings.embed(sample.stream().map(s -> composer.question(s.userInput()))
                        .toList(), EmbeddingService.Progress.NONE);
            }
            candidates.add(spreadPart(v, members, sampleFlagged.get(v), negatives, sampleQuestions, negativeArea,
                    areas, sample.size()));
        }
        candidates.sort(Comparator.comparingDouble((Found f) -> -f.lift()));
        boolean[] taken = new boolean[negatives.size()];
        List<Found> out = new ArrayList<>();
        for (Found f : candidates) {
            List<Integer> members = new ArrayList<>();
            for (int i : f.members()) {
                if (!taken[i]) {
                    members.add(i);
                }
            }
            LOG.debug("view {}: {} negatives spread over questions ({} left to others), lift {}, set aside as"
                    + " topic-bound: {}", f.view(), members.size(), f.members().size() - members.size(),
                    CauseAnalysis.round(f.lift()), f.evidence().get("topic_bound_set_aside"));
            long spreadOver = members.stream().mapToInt(i -> negativeArea[i]).distinct().count();
            if (members.size() < config.minClusterSize() || f.lift() < config.minLift()
                    || spreadOver < Math.min(MIN_AREAS, areas.typicalLength.length)) {
                continue;
            }
            members.forEach(i -> taken[i] = true);
            Map<String, Object> evidence = new LinkedHashMap<>(f.evidence());
            evidence.put("members", members.size());
            evidence.put("question_areas", spreadOver);
            evidence.putAll(detail(f.view(), members, negatives, areas, negativeArea));
            out.add(new Found(f.view(), members, f.lift(), evidence));
        }
        return out;
    }

    /** The views whose trait this exchange shows; length against {@code typicalLength}. */
    static List<PatternView> traits(String question, String answer, List<String> contextLinks, double typicalLength) {
        List<PatternView> out = new ArrayList<>(2);
        int length = answer.strip().length();
        if (length >= LENGTH_RATIO * typicalLength && length >= typicalLength + LENGTH_EXCESS) {
            out.add(PatternView.ANSWER_LENGTH);
        }
        if (AnswerTraits.refuses(answer)) {
            out.add(PatternView.ANSWER_REFUSAL);
        }
        if (!AnswerTraits.unsupportedLinks(answer, question, contextLinks).isEmpty()) {
            out.add(PatternView.ANSWER_UNSUPPORTED_LINK);
        }
        if (AnswerTraits.languageDiffers(question, answer)) {
            out.add(PatternView.ANSWER_LANGUAGE);
        }
        return out;
    }

    /**
     * The flagged negatives that are spread over questions: clusters of what was asked that hold the
     * flag far beyond their share of traffic are set aside, with the sampled responses in their
     * neighbourhoods, and the lift is measured on the rest.
     */
    private Found spreadPart(PatternView view, List<Integer> members, List<Integer> sampleMembers,
            List<NegativeRow> negatives, float[][] sampleQuestions, int[] negativeArea, Areas areas, int sampleSize) {
        float[][] questions = embeddings.embed(members.stream()
                .map(i -> composer.question(negatives.get(i).userInput())).toList(), EmbeddingService.Progress.NONE);
        int[] labels = clusterer.apply(questions);
        Map<Integer, List<Integer>> byLabel = new TreeMap<>();
        for (int k = 0; k < labels.length; k++) {
            if (labels[k] >= 0) {
                byLabel.computeIfAbsent(labels[k], x -> new ArrayList<>()).add(k);
            }
        }
        boolean[] bound = new boolean[members.size()];
        boolean[] sampleBound = new boolean[sampleQuestions.length];
        List<Map<String, Object>> setAside = new ArrayList<>();
        for (List<Integer> cluster : byLabel.values()) {
            if (cluster.size() < config.minClusterSize()) {
                continue;
            }
            List<float[]> vs = new ArrayList<>(cluster.size());
            cluster.forEach(k -> vs.add(questions[k]));
            float[] centroid = Vectors.centroid(vs);
            double radius = Lift.radius(centroid, cluster, questions);
            double concentration = Lift.ratio(Lift.near(questions, centroid, radius), questions.length,
                    Lift.near(sampleQuestions, centroid, radius), sampleQuestions.length);
            if (concentration >= TOPIC_BOUND) {
                // the whole neighbourhood goes: members the clusterer left in small clusters or noise too
                for (int k = 0; k < questions.length; k++) {
                    bound[k] |= Vectors.dot(questions[k], centroid) >= radius;
                }
                cluster.forEach(k -> bound[k] = true);
                for (int j = 0; j < sampleQuestions.length; j++) {
                    sampleBound[j] |= Vectors.dot(sampleQuestions[j], centroid) >= radius;
                }
                Map<String, Object> aside = new LinkedHashMap<>();
                aside.put("negatives", cluster.size());
                aside.put("concentration", CauseAnalysis.round(concentration));
                setAside.add(aside);
            }
        }
        List<Integer> spread = new ArrayList<>();
        for (int k = 0; k < members.size(); k++) {
            if (!bound[k]) {
                spread.add(members.get(k));
            }
        }
        int sampleSpread = 0;
        for (int j : sampleMembers) {
            sampleSpread += sampleBound[j] ? 0 : 1;
        }
        double lift = Lift.ratio(spread.size(), negatives.size(), sampleSpread, sampleSize);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("view", view.wire());
        evidence.put("share_of_negatives", CauseAnalysis.round((double) spread.size() / negatives.size()));
        evidence.put("share_of_traffic", CauseAnalysis.round((double) sampleSpread / sampleSize));
        evidence.put("lift", CauseAnalysis.round(lift));
        evidence.put("question_areas_total", areas.typicalLength.length);
        evidence.put("topic_bound_set_aside", setAside);
        return new Found(view, spread, lift, evidence);
    }

    /** What the members show of the trait, for the evidence a reader checks. */
    private Map<String, Object> detail(PatternView view, List<Integer> members, List<NegativeRow> negatives,
            Areas areas, int[] negativeArea) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (view) {
            case ANSWER_LENGTH -> {
                double[] ratios = members.stream().mapToDouble(i -> negatives.get(i).llmOutput().strip().length()
                        / areas.typicalLength[negativeArea[i]]).sorted().toArray();
                out.put("length_ratio_median", CauseAnalysis.round(ratios[ratios.length / 2]));
            }
            case ANSWER_UNSUPPORTED_LINK -> {
                Map<String, Integer> links = new HashMap<>();
                int noContext = 0;
                for (int i : members) {
                    NegativeRow n = negatives.get(i);
                    noContext += n.docIds().isEmpty() ? 1 : 0;
                    AnswerTraits.unsupportedLinks(n.llmOutput(), n.userInput(), n.contextLinks())
                            .forEach(l -> links.merge(composer.redact(l), 1, Integer::sum));
                }
                out.put("no_context_share", CauseAnalysis.round((double) noContext / members.size()));
                out.put("top_links", top(links, 3));
            }
            case ANSWER_LANGUAGE -> {
                Map<String, Integer> languages = new HashMap<>();
                for (int i : members) {
                    String lang = AnswerTraits.language(negatives.get(i).llmOutput());
                    languages.merge(lang == null ? "unclear" : lang, 1, Integer::sum);
                }
                out.put("answer_languages", top(languages, 5));
            }
            default -> {
            }
        }
        return out;
    }

    private static Map<String, Integer> top(Map<String, Integer> counts, int n) {
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(n).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * The sample partitioned into question areas by k-means on its vectors, with the median answer
     * length of each: what "usual for this kind of question" means for the length view.
     */
    private static final class Areas {
        final float[][] centers;
        final int[] labels;
        final double[] typicalLength;

        private Areas(float[][] centers, int[] labels, double[] typicalLength) {
            this.centers = centers;
            this.labels = labels;
            this.typicalLength = typicalLength;
        }

        static Areas of(float[][] sampleVectors, List<ResponseSample> sample) {
            int k = Math.max(1, Math.min(MAX_AREAS, sample.size() / PER_AREA));
            int[] labels = KMeans.fit(sampleVectors, k, 25, new SplittableRandom(sample.size()));
            List<List<float[]>> members = new ArrayList<>();
            List<List<Double>> lengths = new ArrayList<>();
            for (int a = 0; a < k; a++) {
                members.add(new ArrayList<>());
                lengths.add(new ArrayList<>());
            }
            List<Double> all = new ArrayList<>();
            for (int j = 0; j < labels.length; j++) {
                members.get(labels[j]).add(sampleVectors[j]);
                double length = sample.get(j).llmOutput().strip().length();
                lengths.get(labels[j]).add(length);
                all.add(length);
            }
            double overall = Math.max(1, CauseAnalysis.median(all));
            float[][] centers = new float[k][];
            double[] typical = new double[k];
            for (int a = 0; a < k; a++) {
                centers[a] = members.get(a).isEmpty() ? new float[sampleVectors[0].length]
                        : Vectors.centroid(members.get(a));
                // an area too thin to have a typical length of its own uses the overall one
                typical[a] = lengths.get(a).size() < 5 ? overall : Math.max(1, CauseAnalysis.median(lengths.get(a)));
            }
            return new Areas(centers, labels, typical);
        }

        int nearest(float[] v) {
            int best = 0;
            double bestSim = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < centers.length; a++) {
                double s = Vectors.dot(v, centers[a]);
                if (s > bestSim) {
                    bestSim = s;
                    best = a;
                }
            }
            return best;
        }
    }
}

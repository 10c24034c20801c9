package dev.feedloop.triage;

import dev.feedloop.store.Cause;
import dev.feedloop.store.NegativeRow;
import dev.feedloop.store.ResponseSample;
import dev.feedloop.stats.RateComparison;
import dev.feedloop.stats.RateWindow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges a pattern's cause from evidence, checked in order of how direct it is:
 * <ol>
 *   <li>retrieval: the members' retrieval scores are low, their context is missing or cut off,
 *       or they lean on one document whose numbers users keep correcting;</li>
 *   <li>model limitation, when one model fails far more often than the others, by more than any
 *       prompt version differs from another (a wrong-language habit of one model that a later prompt
 *       works around is still that model's);</li>
 *   <li>prompt: the pattern's rate differs strongly between prompt versions;</li>
 *   <li>model limitation: the pattern persists at similar rates across prompt versions and models;</li>
 *   <li>otherwise unknown.</li>
 * </ol>
 * The evidence map is kept with the pattern so that a human can check (and override) the call.
 */
final class CauseAnalysis {
    /** Versions or models with fewer responses than this in the window are not compared. */
    static final int MIN_EXPOSURE = 50;
    /** A version whose rate is this many times the others' points at the prompt. */
    static final double PROMPT_RATIO = 3.0;
    /** Rates within this ratio across versions and models count as persistent. */
    static final double PERSISTENT_RATIO = 2.0;
    /** p-value below which a difference in rates between versions or models is taken as real. */
    static final double SIGNIFICANT = 0.01;

    record Verdict(Cause cause, double confidence, Map<String, Object> evidence) {
    }

    private CauseAnalysis() {
    }

    static Verdict judge(List<NegativeRow> members, List<ResponseSample> sample, Map<String, Long> responsesByVersion,
            Map<String, Long> responsesByModel, double lift) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("lift", round(lift));
        evidence.put("signals", signalMix(members));
        Retrieval retrieval = retrieval(members, sample);
        evidence.put("retrieval", retrieval.evidence);
        Map<String, Object> versions = rates(members, responsesByVersion, true);
        Map<String, Object> models = rates(members, responsesByModel, false);
        evidence.put("prompt_versions", versions);
        evidence.put("models", models);
        evidence.put("edit_magnitude_mean", round(editMean(members)));

        if (retrieval.confidence > 0) {
            return new Verdict(Cause.RETRIEVAL, retrieval.confidence, evidence);
        }
        int comparedVersions = (int) versions.get("compared");
        int comparedModels = (int) models.get("compared");
        double modelSpread = (double) models.get("spread");
        double versionSpread = (double) versions.get("spread");
        if (comparedModels >= 2 && modelSpread >= PROMPT_RATIO && modelSpread > versionSpread) {
            // one model fails far more often, by more than any prompt version differs: that model's limitation
            double confidence = Math.min(0.9, 0.5 + 0.1 * Math.min(3, comparedVersions - 1)
                    + 0.05 * (Math.log(modelSpread) / Math.log(2)));
            return new Verdict(Cause.MODEL_LIMITATION, round(confidence), evidence);
        }
        double versionRatio = versionSpread;
        if (versionRatio >= PROMPT_RATIO) {
            double confidence = Math.min(0.95, 0.55 + 0.1 * (Math.log(versionRatio) / Math.log(2)));
            return new Verdict(Cause.PROMPT, round(confidence), evidence);
        }
        if ((comparedVersions >= 2 || comparedModels >= 2) && versionSpread < PERSISTENT_RATIO
                && modelSpread < PERSISTENT_RATIO) {
            double confidence = 0.5 + 0.1 * Math.min(2, comparedVersions - 1) + 0.1 * Math.min(1, comparedModels - 1);
            return new Verdict(Cause.MODEL_LIMITATION, round(confidence), evidence);
        }
        return new Verdict(Cause.UNKNOWN, 0.3, evidence);
    }

    private record Retrieval(double confidence, Map<String, Object> evidence) {
    }

    private static Retrieval retrieval(List<NegativeRow> members, List<ResponseSample> sample) {
        List<Double> memberScores = new ArrayList<>();
        int memberNoDocs = 0;
        int memberTruncated = 0;
        Map<String, Integer> docCounts = new HashMap<>();
        int numericEdits = 0;
        for (NegativeRow n : members) {
            if (n.maxRetrievalScore() != null) {
                memberScores.add(n.maxRetrievalScore());
            }
            memberNoDocs += n.docIds().isEmpty() ? 1 : 0;
            memberTruncated += n.contextTruncated() ? 1 : 0;
            n.docIds().stream().distinct().forEach(d -> docCounts.merge(d, 1, Integer::sum));
            if (n.editedOutput() != null && dev.feedloop.capture.EditMagnitude.changesFigures(n.llmOutput(), n.editedOutput())) {
                numericEdits++;
            }
        }
        List<Double> sampleScores = new ArrayList<>();
        int sampleNoDocs = 0;
        int sampleTruncated = 0;
        Map<String, Integer> sampleDocs = new HashMap<>();
        for (ResponseSample s : sample) {
            if (s.maxRetrievalScore() != null) {
                sampleScores.add(s.maxRetrievalScore());
            }
            sampleNoDocs += s.docIds().isEmpty() ? 1 : 0;
            sampleTruncated += s.contextTruncated() ? 1 : 0;
            s.docIds().stream().distinct().forEach(d -> sampleDocs.merge(d, 1, Integer::sum));
        }
        int n = Math.max(1, members.size());
        int m = Math.max(1, sample.size());
        double memberMedian = median(memberScores);
        double sampleMedian = median(sampleScores);
        String topDoc = docCounts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(null);
        double topDocShare = topDoc == null ? 0 : (double) docCounts.get(topDoc) / n;
        double topDocBaseline = topDoc == null ? 0 : (double) sampleDocs.getOrDefault(topDoc, 0) / m;
        double numericEditShare = (double) numericEdits / n;

        Map<String, Object> ev = new LinkedHashMap<>();
        // no scores at all is "unknown" (JSON null), not the string "NaN" that Jackson writes for NaN
        ev.put("score_median", Double.isNaN(memberMedian) ? null : round(memberMedian));
        ev.put("score_median_baseline", Double.isNaN(sampleMedian) ? null : round(sampleMedian));
        ev.put("no_context_share", round((double) memberNoDocs / n));
        ev.put("no_context_share_baseline", round((double) sampleNoDocs / m));
        ev.put("truncated_share", round((double) memberTruncated / n));
        ev.put("truncated_share_baseline", round((double) sampleTruncated / m));
        ev.put("top_doc", topDoc);
        ev.put("top_doc_share", round(topDocShare));
        ev.put("top_doc_share_baseline", round(topDocBaseline));
        ev.put("numeric_edit_share", round(numericEditShare));

        List<String> reasons = new ArrayList<>();
        if (!memberScores.isEmpty() && !sampleScores.isEmpty() && memberMedian < 0.45
                && memberMedian < sampleMedian - 0.2) {
            reasons.add("low_scores");
        }
        double noDocs = (double) memberNoDocs / n;
        if (noDocs >= 0.5 && noDocs >= 2.5 * sampleNoDocs / m) {
            reasons.add("missing_context");
        }
        double truncated = (double) memberTruncated / n;
        if (truncated >= 0.5 && truncated >= 3.0 * sampleTruncated / m) {
            reasons.add("truncated_context");
        }
        if (topDocShare >= 0.6 && topDocShare >= 4 * topDocBaseline && numericEditShare >= 0.3) {
            reasons.add("stale_document");
        }
        ev.put("reasons", reasons);
        double confidence = reasons.isEmpty() ? 0 : Math.min(0.95, 0.65 + 0.1 * reasons.size());
        return new Retrieval(round(confidence), ev);
    }

    /**
     * Per version (or model): occurrences, responses and rate, and the spread: the ratio of the
     * highest to the lowest rate among those with enough responses, counted only when an exact test
     * on the two Poisson rates says the difference is real (p &lt; 0.01), else 1.
     */
    private static Map<String, Object> rates(List<NegativeRow> members, Map<String, Long> exposure, boolean byVersion) {
        Map<String, Integer> counts = new TreeMap<>();
        for (NegativeRow n : members) {
            String key = byVersion ? n.promptVersion() : (n.model() == null ? "(none)" : n.model());
            counts.merge(key, 1, Integer::sum);
        }
        Map<String, Object> table = new LinkedHashMap<>();
        String maxKey = null;
        String minKey = null;
        int compared = 0;
        for (Map.Entry<String, Long> e : exposure.entrySet()) {
            int c = counts.getOrDefault(e.getKey(), 0);
            double rate = e.getValue() == 0 ? 0 : (double) c / e.getValue();
            table.put(e.getKey(), Map.of("occurrences", c, "responses", e.getValue(), "rate", round(rate)));
            if (e.getValue() < MIN_EXPOSURE) {
                continue;
            }
            compared++;
            if (maxKey == null || rate > rateOf(counts, exposure, maxKey)) {
                maxKey = e.getKey();
            }
            if (minKey == null || rate < rateOf(counts, exposure, minKey)) {
                minKey = e.getKey();
            }
        }
        double spread = 1.0;
        if (compared >= 2 && !maxKey.equals(minKey)) {
            RateWindow low = new RateWindow(counts.getOrDefault(minKey, 0), exposure.get(minKey));
            RateWindow high = new RateWindow(counts.getOrDefault(maxKey, 0), exposure.get(maxKey));
            RateComparison c = RateComparison.of(low, high);
            if (c.pValueIncrease() < SIGNIFICANT) {
                // smoothed so a version with no occurrence gives a large, finite ratio
                spread = ((high.occurrences() + 0.5) / high.exposure()) / ((low.occurrences() + 0.5) / low.exposure());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rates", table);
        out.put("compared", compared);
        out.put("highest", maxKey);
        out.put("lowest", minKey);
        out.put("spread", round(spread));
        return out;
    }

    private static double rateOf(Map<String, Integer> counts, Map<String, Long> exposure, String key) {
        return (double) counts.getOrDefault(key, 0) / exposure.get(key);
    }

    private static Map<String, Object> signalMix(List<NegativeRow> members) {
        Map<String, Integer> counts = new TreeMap<>();
        members.forEach(n -> n.signals().forEach(s -> counts.merge(s, 1, Integer::sum)));
        Map<String, Object> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k, round((double) v / Math.max(1, members.size()))));
        return out;
    }

    private static double editMean(List<NegativeRow> members) {
        return members.stream().filter(n -> n.editMagnitude() != null).mapToDouble(NegativeRow::editMagnitude)
                .average().orElse(0);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    static double round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        return Math.round(v * 1000) / 1000.0;
    }
}

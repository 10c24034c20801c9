package dev.feedloop.triage;

import dev.feedloop.analysis.Analysis;
import dev.feedloop.analysis.Analyst;
import dev.feedloop.analysis.PatternBrief;
import dev.feedloop.store.Cause;
import dev.feedloop.store.JsonText;
import dev.feedloop.store.NegativeRow;
import dev.feedloop.store.PatternAnalysis;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.TriageStore;
import dev.feedloop.triage.embed.Vectors;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The optional LLM analyst's part of a triage run (PRODUCT.md part 5): each pattern that is new, or
 * whose centroid moved since its last analysis, is described to the analyst (offline labels, our
 * evidence in numbers, a few redacted central examples); a valid answer gives the pattern its name
 * (unless a human named it), its description and a suggested fix, and its cause judgement is weighed
 * against the offline one. Unchanged patterns reuse their stored analysis: nothing is paid twice.
 * Counts, ids, statuses and routing never come from the model.
 */
final class AnalysisStep {
    /** A pattern is analysed again once its centroid's cosine to the analysed one falls below this. */
    static final double REANALYSE_BELOW = 0.95;
    /** Examples offered per pattern (the analyst sends at most its own configured number). */
    static final int EXAMPLES = 8;
    /** New patterns at least this alike to a known one are checked for being the same failure. */
    static final double SAME_FAILURE_SIMILARITY = 0.6;
    /** Confidence of an LLM-only cause, when the offline analysis found none. */
    static final double LLM_ONLY_CONFIDENCE = 0.5;
    /** A disagreement keeps the offline cause at this share of its confidence. */
    static final double DISAGREEMENT_FACTOR = 0.6;

    private final TriageStore store;
    private final Analyst.Run run;
    private final TextComposer composer;
    private final Clock clock;

    /** A merge the analyst proposes, for the new pattern's history once the run is stored. */
    record Proposal(String patternId, String detail) {
    }

    final List<Proposal> proposals = new ArrayList<>();

    AnalysisStep(TriageStore store, Analyst.Run run, TextComposer composer, Clock clock) {
        this.store = store;
        this.run = run;
        this.composer = composer;
        this.clock = clock;
    }

    /**
     * Analyses and applies, in place: {@code records} and {@code summaries} are the run's patterns in
     * the order of {@code groups}.
     */
    void apply(String project, List<Triage.Group> groups, List<NegativeRow> negatives, float[][] vectors,
            List<PatternRecord> records, List<TriageReport.PatternSummary> summaries) {
        Map<String, PatternAnalysis> cached = store.analyses(project);
        List<PatternAnalysis> fresh = new ArrayList<>();
        List<PatternBrief> briefs = new ArrayList<>();
        for (int k = 0; k < records.size(); k++) {
            briefs.add(brief(records.get(k), summaries.get(k), groups.get(k), negatives, vectors));
        }
        for (int k = 0; k < records.size(); k++) {
            PatternRecord r = records.get(k);
            if (r.status() == PatternStatus.DISMISSED || r.status() == PatternStatus.MERGED) {
                continue;
            }
            PatternAnalysis analysis = cached.get(r.patternId());
            if (analysis == null || moved(analysis.centroid(), r.centroid())) {
                Optional<Analysis> answer = run.analyze(briefs.get(k));
                if (answer.isPresent()) {
                    Analysis a = answer.get();
                    analysis = new PatternAnalysis(project, r.patternId(), run.usage().provider(), run.usage().model(),
                            a.name(), a.description(), a.cause(), a.causeReason(), a.suggestedFix(), r.centroid(),
                            r.memberCount(), clock.instant());
                    fresh.add(analysis);
                }
            }
            if (analysis != null) {
                records.set(k, applied(r, analysis));
                summaries.set(k, applied(summaries.get(k), records.get(k), analysis));
            }
        }
        store.saveAnalyses(fresh);
        proposeMerges(project, records, summaries, briefs);
    }

    /**
     * For each new pattern, asks whether it is the same failure as its nearest known pattern of the
     * run (when their centroids are at least {@value #SAME_FAILURE_SIMILARITY} alike): a yes is a
     * merge proposal, kept in the new pattern's evidence and history for a reviewer, never applied.
     */
    private void proposeMerges(String project, List<PatternRecord> records, List<TriageReport.PatternSummary> summaries,
            List<PatternBrief> briefs) {
        for (int k = 0; k < records.size(); k++) {
            if (!summaries.get(k).isNew()) {
                continue;
            }
            int nearest = -1;
            double best = SAME_FAILURE_SIMILARITY;
            for (int j = 0; j < records.size(); j++) {
                if (summaries.get(j).isNew() || records.get(j).centroid().length != records.get(k).centroid().length) {
                    continue;
                }
                double similarity = Vectors.dot(Vectors.l2Normalize(records.get(k).centroid().clone()),
                        Vectors.l2Normalize(records.get(j).centroid().clone()));
                if (similarity >= best) {
                    best = similarity;
                    nearest = j;
                }
            }
            if (nearest < 0) {
                continue;
            }
            PatternRecord candidate = records.get(k);
            String into = records.get(nearest).patternId();
            Optional<dev.feedloop.analysis.SameFailure> verdict = run.sameFailure(briefs.get(k), briefs.get(nearest));
            if (verdict.isPresent() && verdict.get().same()) {
                Map<String, Object> evidence = new LinkedHashMap<>(JsonText.read(candidate.evidenceJson()));
                evidence.put("merge_proposal", Map.of("into", into, "reason", verdict.get().reason()));
                records.set(k, candidate.withEvidence(JsonText.write(evidence)));
                TriageReport.PatternSummary s = summaries.get(k);
                summaries.set(k, new TriageReport.PatternSummary(s.id(), s.name(), s.description(), s.keywords(),
                        s.cause(), s.causeConfidence(), s.count(), s.isNew(), s.status(), s.lift(), s.examples(),
                        evidence, s.requestIds(), s.suggestedFix(), s.view()));
                proposals.add(new Proposal(candidate.patternId(), "the LLM analyst thinks this is the same failure as "
                        + into + ": " + verdict.get().reason() + " (review: feedloop patterns merge "
                        + candidate.patternId() + " " + into + ")"));
            }
        }
    }

    /** Whether the pattern's centroid moved enough since its analysis (or lives in another space now). */
    static boolean moved(float[] analysed, float[] now) {
        return analysed.length != now.length || Vectors.dot(Vectors.l2Normalize(analysed.clone()),
                Vectors.l2Normalize(now.clone())) < REANALYSE_BELOW;
    }

    private PatternBrief brief(PatternRecord r, TriageReport.PatternSummary summary, Triage.Group g,
            List<NegativeRow> negatives, float[][] vectors) {
        List<PatternBrief.Example> examples = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        float[] centroid = g.centroid(vectors);
        List<Integer> central = new ArrayList<>(g.members);
        central.sort(Comparator.comparingDouble((Integer i) -> -Vectors.dot(vectors[i], centroid)));
        for (int i : central) {
            NegativeRow n = negatives.get(i);
            String input = composer.redact(n.userInput().strip());
            if (!seen.add(input.toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            examples.add(new PatternBrief.Example(input, composer.redact(n.llmOutput()), String.join(", ",
                    new java.util.TreeSet<>(n.signals())), n.editedOutput() == null ? null
                    : composer.redact(n.editedOutput()), null));
            if (examples.size() == EXAMPLES) {
                break;
            }
        }
        return new PatternBrief(r.patternId(), r.name(), r.keywords(), r.cause(),
                Math.max(0, Math.min(1, r.causeConfidence())), r.description(), summary.count(),
                figures(summary.evidence()), examples);
    }

    /** The evidence's numbers, flattened to dotted names ({@code prompt_versions.v2.rate}). */
    static Map<String, Double> figures(Map<String, Object> evidence) {
        Map<String, Double> out = new LinkedHashMap<>();
        flatten("", evidence, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object value, Map<String, Double> out) {
        if (out.size() >= 60) {
            return;
        }
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            out.put(prefix, n.doubleValue());
        } else if (value instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> flatten(prefix.isEmpty() ? k : prefix + "." + k, v, out));
        } else if (value instanceof Boolean b) {
            out.put(prefix, b ? 1.0 : 0.0);
        }
    }

    /**
     * The pattern with the analysis applied: the model's name unless a human named it, its
     * description unless a human wrote one, and the cause weighed: agreement raises the confidence, an offline "unknown"
     * takes the model's cause at {@value #LLM_ONLY_CONFIDENCE}, a disagreement keeps the offline
     * cause (it rests on counted evidence) with less confidence. Both judgements stay in the evidence.
     */
    static PatternRecord applied(PatternRecord r, PatternAnalysis a) {
        Cause cause = r.cause();
        double confidence = r.causeConfidence();
        boolean agrees = a.cause() == r.cause();
        if (agrees) {
            confidence = Math.min(1, confidence + (1 - confidence) / 3);
        } else if (r.cause() == Cause.UNKNOWN) {
            cause = a.cause();
            confidence = LLM_ONLY_CONFIDENCE;
        } else if (a.cause() != Cause.UNKNOWN) {
            confidence = confidence * DISAGREEMENT_FACTOR;
        }
        Map<String, Object> evidence = new LinkedHashMap<>(JsonText.read(r.evidenceJson()));
        Map<String, Object> llm = new LinkedHashMap<>();
        llm.put("cause", a.cause().wire());
        llm.put("reason", a.causeReason());
        llm.put("agrees_with_offline", agrees);
        llm.put("offline_cause", r.cause().wire());
        llm.put("model", a.model());
        evidence.put("llm", llm);
        return new PatternRecord(r.project(), r.patternId(), r.nameLocked() ? r.name() : a.name(), r.nameLocked(),
                r.descriptionLocked() ? r.description() : a.description(), r.descriptionLocked(), r.keywords(), cause, CauseAnalysis.round(confidence), r.causeOverride(),
                JsonText.write(evidence), r.status(), r.mergedInto(), r.manual(), r.model(), r.centroid(),
                r.exemplars(), r.memberCount(), r.firstSeen(), r.lastSeen(), r.view());
    }

    private static TriageReport.PatternSummary applied(TriageReport.PatternSummary s, PatternRecord r,
            PatternAnalysis a) {
        return new TriageReport.PatternSummary(s.id(), r.name(), r.description(), s.keywords(), r.effectiveCause(),
                r.causeConfidence(), s.count(), s.isNew(), s.status(), s.lift(), s.examples(),
                JsonText.read(r.evidenceJson()), s.requestIds(), a.suggestedFix(), s.view());
    }
}

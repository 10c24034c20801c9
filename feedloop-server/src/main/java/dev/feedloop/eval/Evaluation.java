package dev.feedloop.eval;

import dev.feedloop.demo.GroundTruth;
import dev.feedloop.store.FixRecord;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.FixStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores what the loop found against a simulated world's truth: a planted pattern is found when one
 * stored pattern's members overlap it with F1 of at least 0.5; purity is the share of each found
 * pattern's members that belong to its majority planted pattern (noise counts as its own class);
 * spurious patterns match no planted pattern; cause and verdict accuracy are over found patterns; a
 * mixed pattern holds most of two planted ones. Each planted pattern says its view (question or
 * answer) and each match the view of the pattern that found it, so results can be read per view.
 */
public final class Evaluation {
    public static final double FOUND_F1 = 0.5;

    private Evaluation() {
    }

    /** One planted pattern's best match. */
    public record Match(String plantedId, String cause, int planted, String foundId, double f1, double precision,
            double recall, int fragments, String foundCause, String expectedVerdict, String verdict, String view,
            String foundView) {
        public boolean found() {
            return f1 >= FOUND_F1;
        }
    }

    /**
     * The whole score.
     *
     * @param mixed found patterns that hold most of the members of two or more planted patterns: a
     *     pattern whose rate, ticket and verdict mean two failures at once
     */
    public record Score(List<Match> matches, int foundPatterns, int spurious, double recall, double purity,
            double causeAccuracy, double verdictAccuracy, int verdictsJudged, int mixed) {

        /** The matches of the planted patterns of one view ({@code question} or {@code answer}). */
        public List<Match> of(String view) {
            return matches.stream().filter(m -> m.view().equals(view)).toList();
        }
    }

    public static Score score(GroundTruth truth, FixStore store, String project) {
        Map<String, String> plantedOf = new HashMap<>();
        for (GroundTruth.Pattern p : truth.patterns()) {
            p.failingRequestIds().forEach(id -> plantedOf.put(id, p.id()));
        }
        Map<String, Set<String>> members = new HashMap<>();
        Map<String, PatternRecord> found = new HashMap<>();
        Instant from = Instant.EPOCH;
        Instant to = Instant.parse("9999-01-01T00:00:00Z");
        for (PatternRecord p : store.patterns(project)) {
            if (p.status().closed()) {
                continue;
            }
            Set<String> ids = new HashSet<>(store.members(project, p.patternId(), from, to));
            if (!ids.isEmpty()) {
                members.put(p.patternId(), ids);
                found.put(p.patternId(), p);
            }
        }
        List<Match> matches = new ArrayList<>();
        Set<String> matchedFound = new HashSet<>();
        int causeRight = 0;
        int verdictRight = 0;
        int verdictJudged = 0;
        for (GroundTruth.Pattern planted : truth.patterns()) {
            Set<String> truthIds = new HashSet<>(planted.failingRequestIds());
            String best = null;
            double bestF1 = 0;
            double bestP = 0;
            double bestR = 0;
            int fragments = 0;
            for (Map.Entry<String, Set<String>> e : members.entrySet()) {
                int overlap = 0;
                for (String id : e.getValue()) {
                    overlap += truthIds.contains(id) ? 1 : 0;
                }
                double precision = (double) overlap / e.getValue().size();
                double recall = truthIds.isEmpty() ? 0 : (double) overlap / truthIds.size();
                double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
                if (precision >= 0.5) {
                    fragments++;
                }
                if (f1 > bestF1) {
                    bestF1 = f1;
                    best = e.getKey();
                    bestP = precision;
                    bestR = recall;
                }
            }
            String foundCause = best == null ? null : found.get(best).effectiveCause().wire();
            String expected = planted.fix() == null ? null : planted.fix().expectedVerdict();
            String verdict = null;
            if (best != null && bestF1 >= FOUND_F1) {
                matchedFound.add(best);
                causeRight += planted.cause().equals(foundCause) ? 1 : 0;
                if (expected != null) {
                    verdict = latestVerdict(store.fixes(project, best));
                    verdictJudged++;
                    verdictRight += expected.equals(verdict) ? 1 : 0;
                }
            }
            matches.add(new Match(planted.id(), planted.cause(), truthIds.size(), best, bestF1, bestP, bestR,
                    fragments, foundCause, expected, verdict, planted.view(),
                    best == null ? null : found.get(best).view().wire()));
        }
        int mixed = 0;
        for (Set<String> ids : members.values()) {
            int held = 0;
            for (GroundTruth.Pattern planted : truth.patterns()) {
                long in = planted.failingRequestIds().stream().filter(ids::contains).count();
                held += 2 * in > planted.failingRequestIds().size() ? 1 : 0;
            }
            mixed += held >= 2 ? 1 : 0;
        }
        long foundCount = matches.stream().filter(Match::found).count();
        int spurious = 0;
        long pure = 0;
        long total = 0;
        for (Map.Entry<String, Set<String>> e : members.entrySet()) {
            Map<String, Integer> classes = new HashMap<>();
            for (String id : e.getValue()) {
                classes.merge(plantedOf.getOrDefault(id, "noise"), 1, Integer::sum);
            }
            Map.Entry<String, Integer> majority = classes.entrySet().stream().max(Map.Entry.comparingByValue())
                    .orElseThrow();
            pure += majority.getValue();
            total += e.getValue().size();
            if (!matchedFound.contains(e.getKey()) && majority.getKey().equals("noise")) {
                spurious++;
            }
        }
        return new Score(matches, members.size(), spurious, (double) foundCount / truth.patterns().size(),
                total == 0 ? 0 : (double) pure / total, foundCount == 0 ? 0 : (double) causeRight / foundCount,
                verdictJudged == 0 ? 0 : (double) verdictRight / verdictJudged, verdictJudged, mixed);
    }

    private static String latestVerdict(List<FixRecord> fixes) {
        for (int i = fixes.size() - 1; i >= 0; i--) {
            if (fixes.get(i).lastVerdict() != null) {
                return fixes.get(i).lastVerdict();
            }
        }
        return null;
    }
}

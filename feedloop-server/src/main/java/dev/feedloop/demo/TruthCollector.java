package dev.feedloop.demo;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what happened while the world is generated; holds ids and small counters only, never events.
 * A response is in scope of a pattern when it is exposed to its failure condition
 * ({@link Fault#exposes}): its topic for P1-P6, every response for P7, model-b's for P8.
 */
final class TruthCollector {
    private final List<Fault> patterns;
    private final Map<Fault, Tally> tallies = new HashMap<>();
    private final List<String> noise = new ArrayList<>();
    private long responses;
    private long feedback;
    private long negatives;

    TruthCollector(List<Fault> patterns) {
        this.patterns = patterns;
        patterns.forEach(p -> tallies.put(p, new Tally()));
    }

    /** Counts a response as in scope of every pattern that it is exposed to. */
    void response(int day, String promptVersion, String model, Topic topic) {
        responses++;
        for (Fault pattern : patterns) {
            if (pattern.exposes(topic, model)) {
                tallies.get(pattern).count(day, promptVersion)[0]++;
            }
        }
    }

    /** Records the reaction to a response; {@code draft} may be null (nothing captured). */
    void reaction(int day, String promptVersion, String requestId, Topic.Reply reply, FeedbackDraft draft) {
        if (draft == null) {
            return;
        }
        feedback++;
        if (!draft.negative()) {
            return;
        }
        negatives++;
        if (reply.fault() != null) {
            Tally tally = tallies.get(reply.fault());
            tally.failing.add(requestId);
            tally.count(day, promptVersion)[1]++;
        } else {
            noise.add(requestId);
        }
    }

    GroundTruth build(WorldSpec spec, Story story) {
        List<GroundTruth.PromptPeriod> periods = new ArrayList<>();
        for (Story.Period p : story.promptPeriods()) {
            periods.add(new GroundTruth.PromptPeriod(p.version(), instant(spec, p.from()), instant(spec, p.to()), p.share()));
        }
        List<GroundTruth.Pattern> out = new ArrayList<>();
        for (Fault pattern : patterns) {
            PatternPlan plan = pattern.plan();
            PatternPlan.Fix fix = plan.fix();
            GroundTruth.Fix truthFix = fix == null ? null : new GroundTruth.Fix(instant(spec, fix.day()), fix.promptVersion(),
                    fix.canary(), fix.effective(), fix.effective() ? "effective" : "not_effective", fix.note());
            Tally tally = tallies.get(pattern);
            out.add(new GroundTruth.Pattern(plan.id(), plan.name(), plan.cause(), pattern.scope(), pattern.view(),
                    plan.description(), instant(spec, plan.startDay()), truthFix, tally.failing,
                    tally.daily(spec.start())));
        }
        List<GroundTruth.ModelShare> models = List.of(
                new GroundTruth.ModelShare(Simulator.MODEL_A, 1.0 - Simulator.MODEL_B_SHARE),
                new GroundTruth.ModelShare(Simulator.MODEL_B, Simulator.MODEL_B_SHARE));
        return new GroundTruth(spec.seed(), spec.start(), spec.days(), spec.perDay(), spec.project(), spec.noiseRate(),
                models, periods, out, noise, new GroundTruth.Counts(responses, feedback, negatives, noise.size()));
    }

    private static java.time.Instant instant(WorldSpec spec, int day) {
        return spec.start().plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static final class Tally {
        /** Keyed by "day/version" in day order; values are {in scope, failing}. */
        private final TreeMap<Integer, Map<String, int[]>> byDay = new TreeMap<>();
        private final List<String> failing = new ArrayList<>();

        int[] count(int day, String version) {
            return byDay.computeIfAbsent(day, d -> new TreeMap<>()).computeIfAbsent(version, v -> new int[2]);
        }

        List<GroundTruth.DailyCount> daily(LocalDate start) {
            List<GroundTruth.DailyCount> out = new ArrayList<>();
            byDay.forEach((day, versions) -> versions.forEach((version, c) ->
                    out.add(new GroundTruth.DailyCount(start.plusDays(day), version, c[0], c[1]))));
            return out;
        }
    }
}

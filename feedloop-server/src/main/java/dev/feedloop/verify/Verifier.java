package dev.feedloop.verify;

import dev.feedloop.store.FixRecord;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.UnknownPatternException;
import dev.feedloop.store.FixStore;
import dev.feedloop.stats.FixVerdict;
import dev.feedloop.stats.FixVerdicts;
import dev.feedloop.stats.RateComparison;
import dev.feedloop.stats.RateWindow;
import dev.feedloop.stats.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * Records fixes and judges them: did the pattern's rate per response fall after the fix? Before/after
 * windows around the deployment, or, when the fix's prompt version ran beside the old one, the two
 * versions over the same days (a canary, which controls for weekly cycles and traffic mix). Verdicts
 * drive the pattern's lifecycle: effective resolves it, not effective reopens it, and a resolved
 * pattern that recurs above its post-fix rate is marked regressed.
 */
public final class Verifier {
    /**
     * The interval reported with a verdict. The verdict itself comes from one-sided exact tests at
     * the policy's alpha, which do not depend on this level.
     */
    static final double REPORTED_CONFIDENCE = 0.95;
    private final FixStore store;
    private final VerifyConfig config;
    private final Clock clock;

    public Verifier(FixStore store, VerifyConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Records a fix for a pattern.
     *
     * @throws IllegalArgumentException when the pattern does not exist or the deployment is in the future
     * @throws IllegalStateException when the pattern was merged into another or dismissed
     */
    public FixRecord addFix(String project, String patternId, Instant deployedAt, String promptVersion, String note) {
        return addFix(project, patternId, deployedAt, promptVersion, note, null);
    }

    /**
     * As above, recording who recorded the fix in the pattern's history.
     *
     * @param actor an API key's id or a command-line user; null for none
     */
    public FixRecord addFix(String project, String patternId, Instant deployedAt, String promptVersion, String note,
            String actor) {
        PatternRecord pattern = store.pattern(project, patternId)
                .orElseThrow(() -> new UnknownPatternException(project, patternId));
        if (pattern.status() == PatternStatus.MERGED) {
            throw new IllegalStateException(patternId + " was merged into " + pattern.mergedInto()
                    + "; record the fix on " + pattern.mergedInto());
        }
        if (pattern.status() == PatternStatus.DISMISSED) {
            throw new IllegalStateException(patternId + " is dismissed (not a real failure), so there is nothing"
                    + " for a fix to reduce");
        }
        if (deployedAt.isAfter(clock.instant().plus(Duration.ofDays(1)))) {
            throw new IllegalArgumentException("deployed-at " + deployedAt + " is in the future");
        }
        if (promptVersion != null && (promptVersion.isBlank() || promptVersion.length() > 200)) {
            throw new IllegalArgumentException("prompt version must be 1-200 characters");
        }
        if (note != null && note.length() > 2_000) {
            throw new IllegalArgumentException("note is limited to 2,000 characters");
        }
        Instant now = clock.instant();
        FixRecord fix = new FixRecord(project, "F-" + UUID.randomUUID().toString().substring(0, 8), pattern.patternId(),
                deployedAt, promptVersion, note, now, null, null, null);
        store.saveFix(fix);
        store.addPatternEvent(project, patternId, now, "fix_recorded", fix.fixId() + " deployed " + deployedAt
                + (promptVersion == null ? "" : " in " + promptVersion), actor);
        return fix;
    }

    /** Judges every fix (of one pattern, or all when null) as of a time, and updates pattern statuses. */
    public List<VerifyResult> verify(String project, String patternId, Instant asOf) {
        if (patternId != null && store.pattern(project, patternId).isEmpty()) {
            throw new UnknownPatternException(project, patternId);
        }
        List<VerifyResult> results = new ArrayList<>();
        for (FixRecord fix : store.fixes(project, patternId)) {
            if (fix.deployedAt().isAfter(asOf)) {
                continue;
            }
            VerifyResult result = judge(fix, asOf);
            result = applyLifecycle(fix, result, asOf);
            store.saveFix(new FixRecord(fix.project(), fix.fixId(), fix.patternId(), fix.deployedAt(),
                    fix.promptVersion(), fix.note(), fix.createdAt(), result.verdict().verdict().jsonName(),
                    VerifyJson.write(List.of(result)), clock.instant()));
            results.add(result);
        }
        return results;
    }

    VerifyResult judge(FixRecord fix, Instant asOf) {
        if (fix.promptVersion() != null) {
            VerifyResult canary = canary(fix, asOf);
            if (canary != null) {
                return canary;
            }
        }
        return beforeAfter(fix, asOf);
    }

    private VerifyResult beforeAfter(FixRecord fix, Instant asOf) {
        Instant deployed = fix.deployedAt();
        Instant beforeFrom = deployed.minus(config.window());
        Instant afterFrom = deployed.plus(config.settling());
        Instant afterTo = min(afterFrom.plus(config.window()), asOf);
        VerifyResult.Window before = window(fix, beforeFrom, deployed, null);
        VerifyResult.Window after = afterTo.isAfter(afterFrom) ? window(fix, afterFrom, afterTo, null)
                : new VerifyResult.Window(afterFrom, afterFrom, null, 0, 0);
        String note = null;
        if (fix.promptVersion() != null) {
            note = "the fix's version " + fix.promptVersion() + " did not run beside an older one on "
                    + config.minCanaryDays() + " days; judged before/after";
        }
        double days = Math.max(1, Duration.between(after.from(), after.to()).toHours() / 24.0);
        return result(fix, "before_after", before, after, after.responses() / days, note);
    }

    /**
     * Compares the fix's version with the other versions over the days on which both served
     * (each with at least {@code minDailyResponses}); null when there are too few such days.
     */
    private VerifyResult canary(FixRecord fix, Instant asOf) {
        Instant end = min(asOf, fix.deployedAt().plus(config.window()).plus(config.settling()));
        Instant start = fix.deployedAt().plus(config.settling());
        if (!end.isAfter(start)) {
            return null;
        }
        Map<String, Map<String, Long>> daily = store.dailyResponsesByVersion(fix.project(), dayStart(start), end);
        long treatOcc = 0;
        long treatResp = 0;
        long controlOcc = 0;
        long controlResp = 0;
        int shared = 0;
        Instant first = null;
        Instant last = null;
        for (Map.Entry<String, Map<String, Long>> day : daily.entrySet()) {
            Map<String, Long> versions = day.getValue();
            long treated = versions.getOrDefault(fix.promptVersion(), 0L);
            long others = versions.entrySet().stream().filter(e -> !e.getKey().equals(fix.promptVersion()))
                    .mapToLong(Map.Entry::getValue).sum();
            if (treated < config.minDailyResponses() || others < config.minDailyResponses()) {
                continue;
            }
            Instant from = LocalDate.parse(day.getKey()).atStartOfDay().toInstant(ZoneOffset.UTC);
            Instant to = from.plus(Duration.ofDays(1));
            long treatedOcc = store.occurrences(fix.project(), fix.patternId(), from, to, fix.promptVersion());
            long allOcc = store.occurrences(fix.project(), fix.patternId(), from, to, null);
            treatOcc += treatedOcc;
            treatResp += treated;
            controlOcc += allOcc - treatedOcc;
            controlResp += others;
            shared++;
            first = first == null ? from : first;
            last = to;
        }
        if (shared < config.minCanaryDays()) {
            return null;
        }
        VerifyResult.Window control = new VerifyResult.Window(first, last, "other versions", controlOcc, controlResp);
        VerifyResult.Window treatment = new VerifyResult.Window(first, last, fix.promptVersion(), treatOcc, treatResp);
        return result(fix, "canary", control, treatment, treatResp / (double) shared,
                shared + " days on which " + fix.promptVersion() + " served beside older versions");
    }

    private VerifyResult result(FixRecord fix, String method, VerifyResult.Window before, VerifyResult.Window after,
            double afterPerDay, String note) {
        FixVerdict verdict;
        if (!VerifyResult.comparable(before, after)) {
            RateWindow b = new RateWindow(before.occurrences(), Math.max(1, before.responses()));
            RateWindow a = new RateWindow(after.occurrences(), Math.max(1, after.responses()));
            FixVerdict raw = FixVerdicts.verify(b, a, config.policy());
            verdict = new FixVerdict(raw.comparison(), Verdict.INCONCLUSIVE, false, 0, java.util.OptionalLong.empty(),
                    java.util.OptionalLong.empty(), before.responses() == 0 ? "no responses before the fix"
                            : "no responses after the fix (and its settling time) yet");
        } else {
            verdict = FixVerdicts.decide(RateComparison.of(new RateWindow(before.occurrences(), before.responses()),
                    new RateWindow(after.occurrences(), after.responses()), REPORTED_CONFIDENCE),
                    config.policy(), afterPerDay > 0 ? OptionalDouble.of(afterPerDay) : OptionalDouble.empty());
        }
        PatternStatus status = store.pattern(fix.project(), fix.patternId()).map(PatternRecord::status).orElse(null);
        return new VerifyResult(fix.patternId(), fix.fixId(), method, before, after, verdict, status, note);
    }

    private VerifyResult.Window window(FixRecord fix, Instant from, Instant to, String version) {
        return new VerifyResult.Window(from, to, version,
                store.occurrences(fix.project(), fix.patternId(), from, to, version),
                store.countResponses(fix.project(), from, to, version));
    }

    /**
     * Moves the pattern along its lifecycle. Only the newest fix of a pattern decides; a resolved
     * pattern is checked for recurrence over the recent window against its post-fix rate.
     */
    private VerifyResult applyLifecycle(FixRecord fix, VerifyResult result, Instant asOf) {
        List<FixRecord> fixes = store.fixes(fix.project(), fix.patternId());
        if (!fixes.get(fixes.size() - 1).fixId().equals(fix.fixId())) {
            return result;
        }
        PatternRecord pattern = store.pattern(fix.project(), fix.patternId()).orElseThrow();
        PatternStatus status = pattern.status();
        Verdict verdict = result.verdict().verdict();
        PatternStatus next = status;
        if (verdict == Verdict.EFFECTIVE) {
            next = status == PatternStatus.REGRESSED || regressed(fix, result, asOf) ? PatternStatus.REGRESSED
                    : PatternStatus.RESOLVED;
        } else if (verdict == Verdict.NOT_EFFECTIVE) {
            next = PatternStatus.REOPENED;
        }
        if (status.closed() || next == status) {
            return result;
        }
        store.savePatterns(List.of(pattern.withStatus(next)));
        store.addPatternEvent(fix.project(), fix.patternId(), clock.instant(), next.wire(), "fix " + fix.fixId() + " judged "
                + verdict.jsonName() + " (" + result.method() + "): " + result.verdict().reason());
        return new VerifyResult(result.patternId(), result.fixId(), result.method(), result.before(), result.after(),
                result.verdict(), next, result.note());
    }

    /** The pattern recurs: its rate over the recent window is significantly above its post-fix rate. */
    private boolean regressed(FixRecord fix, VerifyResult result, Instant asOf) {
        Instant recentFrom = asOf.minus(config.recurrenceWindow());
        if (!recentFrom.isAfter(result.after().to())) {
            return false;
        }
        VerifyResult.Window recent = window(fix, recentFrom, asOf, null);
        if (recent.responses() == 0 || result.after().responses() == 0) {
            return false;
        }
        RateComparison c = RateComparison.of(new RateWindow(result.after().occurrences(), result.after().responses()),
                new RateWindow(recent.occurrences(), recent.responses()));
        return c.pValueIncrease() <= config.policy().alpha();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant dayStart(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}

package dev.feedloop.eval;

import dev.feedloop.Feedloop;
import dev.feedloop.capture.FileImporter;
import dev.feedloop.demo.GroundTruth;
import dev.feedloop.demo.Simulator;
import dev.feedloop.demo.WorldSpec;
import dev.feedloop.triage.Triage;
import dev.feedloop.triage.TriageConfig;
import dev.feedloop.triage.TriageReport;
import dev.feedloop.verify.VerifyConfig;
import dev.feedloop.verify.VerifyResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole loop on a simulated product: simulate, import, triage week by week, record the fixes the
 * simulated team shipped, verify them, and score everything against the truth.
 */
public final class DemoLoop {
    /** What a demo run produced. */
    public record Outcome(GroundTruth truth, List<TriageReport> runs, List<VerifyResult> verdicts,
            Evaluation.Score score, Duration elapsed) {
    }

    private final PrintWriter log;
    private final long started = System.nanoTime();

    public DemoLoop(PrintWriter log) {
        this.log = log;
    }

    public Outcome run(Feedloop feedloop, WorldSpec spec, Path workDir, Triage.Listener listener) {
        long started = System.nanoTime();
        step("1/5 simulating " + spec.days() + " days x " + spec.perDay() + " responses of a travel assistant");
        GroundTruth truth;
        try {
            truth = Simulator.run(spec, workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulated world to " + workDir, e);
        }
        step("2/5 importing " + truth.counts().responses() + " responses and " + truth.counts().feedback()
                + " feedback events");
        FileImporter importer = new FileImporter(feedloop.ingestor(), truth.project());
        for (String file : List.of(Simulator.RESPONSES_FILE, Simulator.FEEDBACK_FILE)) {
            FileImporter.Summary s = importer.importFile(workDir.resolve(file), (f, read, total, lines) -> { });
            log.printf("      %s: stored %,d, duplicates %,d, rejected %,d%n", file, s.stored(), s.duplicates(),
                    s.rejected());
        }
        Instant start = truth.start().atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = start.plus(Duration.ofDays(truth.days()));
        step("3/5 triage, week by week (patterns keep their ids from week to week)");
        Triage triage = feedloop.triage(TriageConfig.DEFAULT);
        List<TriageReport> runs = new ArrayList<>();
        for (Instant from = start; from.isBefore(end); from = from.plus(Duration.ofDays(7))) {
            Instant to = from.plus(Duration.ofDays(7)).isAfter(end) ? end : from.plus(Duration.ofDays(7));
            TriageReport report = triage.run(truth.project(), from, to, listener);
            long fresh = report.patterns().stream().filter(TriageReport.PatternSummary::isNew).count();
            log.printf("      week of %s: %,d negatives, %d patterns (%d new), %,d unassigned%n",
                    from.toString().substring(0, 10), report.negatives(), report.patterns().size(), fresh,
                    report.unassignedRequestIds().size());
            runs.add(report);
        }
        step("4/5 recording the fixes the team shipped, then verifying them");
        Evaluation.Score before = Evaluation.score(truth, feedloop.store(), truth.project());
        Map<String, String> foundFor = new HashMap<>();
        before.matches().forEach(m -> {
            if (m.found()) {
                foundFor.put(m.plantedId(), m.foundId());
            }
        });
        var verifier = feedloop.verifier(VerifyConfig.DEFAULT);
        for (GroundTruth.Pattern p : truth.patterns()) {
            if (p.fix() != null && foundFor.containsKey(p.id())) {
                verifier.addFix(truth.project(), foundFor.get(p.id()), p.fix().deployedAt(), p.fix().promptVersion(),
                        p.fix().note());
            }
        }
        List<VerifyResult> verdicts = verifier.verify(truth.project(), null, end);
        step("5/5 scoring against the planted truth");
        Evaluation.Score score = Evaluation.score(truth, feedloop.store(), truth.project());
        return new Outcome(truth, runs, verdicts, score, Duration.ofNanos(System.nanoTime() - started));
    }

    private void step(String text) {
        log.printf("  [%5.1f s] %s%n", (System.nanoTime() - started) / 1e9, text);
        log.flush();
    }
}

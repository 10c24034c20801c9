package dev.feedloop.cli;

import dev.feedloop.demo.GroundTruth;
import dev.feedloop.demo.Simulator;
import dev.feedloop.demo.WorldSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code feedloop simulate}: writes the demo world's traffic and ground truth into a directory. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Generates the demo world: production traffic of Wayfarer, a fictional travel-booking help assistant, "
                    + "with eight planted failure patterns (prompt, retrieval and model-limitation causes; six tied to "
                    + "one kind of question, two that show in the answer on every topic), the fixes "
                    + "that were shipped for them, and the ground truth.",
            "",
            "Writes into DIR:",
            "  responses.jsonl  LLM responses, one JSON object a line (\"type\":\"response\")",
            "  feedback.jsonl   user feedback events (\"type\":\"feedback\")",
            "  truth.json       what was planted: prompt-version rollout, patterns, causes, fixes, failing request ids",
            "Both JSONL files use the import format, so `feedloop import` reads them as they are.",
            "The same seed and sizes always give the same files, byte for byte.",
            ""},
        footer = {
            "",
            "Examples:",
            "  feedloop simulate --out demo-data",
            "  feedloop simulate --out /tmp/small --days 21 --per-day 400 --seed 7",
            "  feedloop import demo-data/responses.jsonl demo-data/feedback.jsonl"})
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory to write into; created if missing, existing files are replaced.")
    private Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + WorldSpec.DEFAULT_SEED,
            description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--days", paramLabel = "D", defaultValue = "" + WorldSpec.DEFAULT_DAYS,
            description = "Days to simulate, at least 14; the story of patterns and fixes is scaled to fit "
                    + "(default: ${DEFAULT-VALUE}).")
    private int days;

    @Option(names = "--per-day", paramLabel = "R", defaultValue = "" + WorldSpec.DEFAULT_PER_DAY,
            description = "Mean responses per day; weekdays get a little more, weekends less (default: ${DEFAULT-VALUE}).")
    private int perDay;

    @Option(names = "--start", paramLabel = "DATE", defaultValue = "2026-10-05",
            description = "First day, UTC, as YYYY-MM-DD (default: ${DEFAULT-VALUE}, a Monday).")
    private String start;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        WorldSpec world = world();
        GroundTruth truth;
        try {
            truth = Simulator.run(world, out);
        } catch (IOException e) {
            spec.commandLine().getErr().println("Could not write the demo world to " + out + ": " + e.getMessage()
                    + ". Check that the directory is writable and the disk has space.");
            return 1;
        }
        print(truth, spec.commandLine().getOut());
        return 0;
    }

    private WorldSpec world() {
        LocalDate first;
        try {
            first = LocalDate.parse(start);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--start must be a date like 2026-10-05, not '" + start + "'");
        }
        try {
            return new WorldSpec(seed, first, days, perDay, WorldSpec.DEFAULT_PROJECT, WorldSpec.DEFAULT_NOISE_RATE);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid world: " + e.getMessage());
        }
    }

    private void print(GroundTruth truth, PrintWriter w) {
        GroundTruth.Counts c = truth.counts();
        w.printf(Locale.ROOT, "Simulated %,d responses and %,d feedback events over %d days (%s to %s), seed %d.%n",
                c.responses(), c.feedback(), truth.days(), truth.start(), truth.start().plusDays(truth.days() - 1L),
                truth.seed());
        for (String file : new String[] {Simulator.RESPONSES_FILE, Simulator.FEEDBACK_FILE, Simulator.TRUTH_FILE}) {
            w.println("  " + out.resolve(file));
        }
        w.printf(Locale.ROOT, "Negative feedback on %,d responses, %,d of them background noise.%n", c.negatives(), c.noise());
        w.println("Planted patterns (failing responses, cause, fix):");
        for (GroundTruth.Pattern p : truth.patterns()) {
            w.printf(Locale.ROOT, "  %-24s %,7d  %-16s  %s%n", p.id(), p.failingRequestIds().size(), p.cause(), fix(p.fix()));
        }
        w.flush();
    }

    private static String fix(GroundTruth.Fix fix) {
        if (fix == null) {
            return "no fix";
        }
        String what = fix.promptVersion() == null ? "knowledge-base fix" : fix.promptVersion() + (fix.canary() ? " (canary)" : "");
        return fix.deployedAt().toString().substring(0, 10) + " " + what + ", " + fix.expectedVerdict().replace('_', ' ');
    }
}

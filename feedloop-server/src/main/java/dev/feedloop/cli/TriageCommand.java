package dev.feedloop.cli;

import dev.feedloop.routing.Routing;
import dev.feedloop.Feedloop;
import dev.feedloop.triage.Triage;
import dev.feedloop.triage.TriageConfig;
import dev.feedloop.triage.TriageJson;
import dev.feedloop.triage.TriageReport;
import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One triage run over a window. */
@Command(name = "triage", mixinStandardHelpOptions = true,
        description = {"Group the window's negative feedback into failure patterns and store them.",
            "Negatives are assigned to known patterns first; the rest is clustered, and clusters that fail",
            "at least --min-lift times as often as similar traffic become new patterns with stable ids.",
            "Examples:  feedloop triage --week 2026-W47",
            "           feedloop triage --from 2026-11-01 --to 2026-11-08 --json run.json"})
final class TriageCommand extends ProjectCommand {

    @Option(names = "--from", description = "Window start (date or ISO-8601 time, inclusive).")
    String from;

    @Option(names = "--to", description = "Window end (exclusive).")
    String to;

    @Option(names = "--week", description = "An ISO week instead of --from/--to, e.g. 2026-W47.")
    String week;

    @Mixin
    JsonOption json;

    @Option(names = "--min-lift", description = "Minimum lift for a new pattern (default: ${DEFAULT-VALUE}).")
    double minLift = TriageConfig.DEFAULT.minLift();

    @Option(names = "--assign-threshold", description = "Similarity to join a known pattern (default: ${DEFAULT-VALUE}).")
    double assignThreshold = TriageConfig.DEFAULT.assignThreshold();

    @Option(names = "--llm-dry-run", description = "With an LLM analyst configured (FEEDLOOP_LLM_PROVIDER), send"
            + " nothing to it: print each request it would send (method, URL, headers with keys masked, the redacted"
            + " body). The patterns keep their offline labels and are not routed.")
    boolean llmDryRun;

    @Option(names = "--no-route", description = "Do not route the patterns to tickets after the run; the next"
            + " feedloop route (or the server's next delivery) routes it.")
    boolean noRoute;

    @Override
    public Integer call() throws Exception {
        Instant[] window = window(from, to, week);
        TriageConfig d = TriageConfig.DEFAULT;
        TriageConfig config = new TriageConfig(d.rules(), assignThreshold, d.mergeThreshold(),
                d.consolidateThreshold(), d.minClusterSize(), minLift, d.sampleSize(), d.outputChars(), d.exemplars());
        PrintWriter out = out();
        PrintWriter err = err();
        try (Feedloop feedloop = db.open()) {
            Triage triage = feedloop.triage(config, llmDryRun);
            TriageReport report = triage.run(project(), window[0], window[1],
                    new ConsoleListener(err, System.console() != null));
            if (!noRoute && !llmDryRun) {
                route(feedloop, report, err);
            }
            boolean jsonOnStdout = json.write(out, () -> TriageJson.withTickets(TriageJson.tree(report),
                    feedloop.store(), project()));
            if (!jsonOnStdout) {
                Reports.printTriage(out, report);
            }
            if (llmDryRun) {
                printLlmRequests(jsonOnStdout ? err : out, feedloop, triage.llmDryRunRequests());
            }
            if (report.negatives() == 0) {
                err.println(Reports.nothingIn(feedloop.store(), project(), "No negative feedback between "
                        + window[0] + " and " + window[1]) + ".");
            }
        }
        return 0;
    }

    private static void printLlmRequests(PrintWriter to, Feedloop feedloop, java.util.List<String> requests) {
        if (!feedloop.analyst().enabled()) {
            to.println("No LLM analyst is configured (FEEDLOOP_LLM_PROVIDER): nothing would be sent.");
            return;
        }
        to.printf("%nLLM analyst (dry run): %d requests would be sent to %s, none was:%n", requests.size(),
                feedloop.analyst().settings().provider());
        for (String request : requests) {
            to.println();
            to.println(request);
        }
    }

    /** Routes the run's patterns to tickets; a tracker's failure leaves them in the outbox, never fails the run. */
    private void route(Feedloop feedloop, TriageReport report, PrintWriter err) {
        try {
            Routing routing = feedloop.routing();
            Routing.Result r = routing.route(project(), report);
            if (r.enqueued() > 0 || r.delivery().sent() + r.delivery().retryLater() + r.delivery().failed() > 0) {
                err.printf("  routed to %s: %d ticket actions enqueued, %d sent, %d to retry later, %d failed"
                        + " (feedloop route --status)%n", routing.sender().tracker().name(), r.enqueued(),
                        r.delivery().sent(), r.delivery().retryLater(), r.delivery().failed());
            }
        } catch (dev.feedloop.config.ConfigException e) {
            err.println("  not routed: " + e.getMessage());
        }
    }

    static Instant[] window(String from, String to, String week) {
        if (week != null) {
            if (from != null || to != null) {
                throw new IllegalArgumentException("give either --week or --from/--to, not both");
            }
            return TimeArgs.week(week);
        }
        if (from == null || to == null) {
            throw new IllegalArgumentException("give a window: --from T --to T, or --week 2026-W47");
        }
        return new Instant[] {TimeArgs.instant(from, "--from"), TimeArgs.instant(to, "--to")};
    }

    /** Prints stages and embedding progress to stderr. */
    static final class ConsoleListener implements Triage.Listener {
        private final PrintWriter err;
        private final ProgressBar bar;
        private final long started = System.nanoTime();

        ConsoleListener(PrintWriter err, boolean terminal) {
            this.err = err;
            this.bar = new ProgressBar(err, terminal);
        }

        @Override
        public void stage(String name) {
            bar.done();
            err.printf("  [%5.1f s] %s%n", (System.nanoTime() - started) / 1e9, name);
            err.flush();
        }

        @Override
        public void embedded(int done, int total) {
            bar.show("embedded " + done + "/" + total, done, total);
        }
    }
}

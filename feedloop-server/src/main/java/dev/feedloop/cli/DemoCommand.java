package dev.feedloop.cli;

import dev.feedloop.Feedloop;
import dev.feedloop.demo.WorldSpec;
import dev.feedloop.eval.DemoLoop;
import dev.feedloop.store.ApiKeyRecord;
import dev.feedloop.config.Settings;
import dev.feedloop.web.ApiServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The whole loop on a simulated product, in one command. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole loop on a simulated LLM product with known failure patterns.",
            "Simulates six weeks of traffic, imports it, triages it week by week, records the fixes the",
            "simulated team shipped, verifies them, and scores the result against the planted truth.",
            "The database is kept (--db, default ./feedloop-demo.db, replaced on each run) for you to explore;",
            "the simulated files are removed unless --out names a folder for them.",
            "Then serves the API on the demo database (--no-serve exits after the report)."})
final class DemoCommand implements Callable<Integer> {
    /** Where the demo writes when --db is not given; replaced by the next demo run. */
    static final String DEFAULT_DB = "feedloop-demo.db";

    @Option(names = "--db", paramLabel = "PATH",
            description = "Database to create; must not exist yet (default: ./" + DEFAULT_DB + ", replaced each run).")
    Path db;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Keep the simulated files (JSONL traffic, truth.json) in DIR (default: a temporary folder,"
                    + " removed at the end).")
    Path out;

    @Option(names = "--no-serve", description = "Exit after the report.")
    boolean noServe;

    @Option(names = "--port", defaultValue = "8080", description = "Port to serve on afterwards (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--seed", defaultValue = "42", description = "World seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--days", defaultValue = "42", description = "Days of traffic (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--per-day", defaultValue = "1500", description = "Responses per day (default: ${DEFAULT-VALUE}).")
    int perDay;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path file = db != null ? db : Path.of(DEFAULT_DB);
        DemoFiles.prepare(file, db == null);
        Path work = this.out != null ? Files.createDirectories(this.out) : Files.createTempDirectory("feedloop-demo-");
        WorldSpec world = new WorldSpec(seed, WorldSpec.DEFAULT_START, days, perDay, WorldSpec.DEFAULT_PROJECT,
                WorldSpec.DEFAULT_NOISE_RATE);
        DbOption option = new DbOption();
        option.db = file.toString();
        Feedloop feedloop = option.openOrCreate();
        try {
            out.println("Feedloop demo: database " + file + (this.out != null ? ", simulated files in " + work : ""));
            out.flush();
            DemoLoop.Outcome outcome;
            try {
                outcome = new DemoLoop(out).run(feedloop, world, work,
                        new TriageCommand.ConsoleListener(spec.commandLine().getErr(), System.console() != null));
            } finally {
                if (this.out == null) {
                    DemoFiles.deleteTree(work);
                }
            }
            report(out, outcome, work);
            out.printf("%nThe demo's database is %s. Explore it:%n  export FEEDLOOP_DB=%s FEEDLOOP_PROJECT=%s%n"
                    + "  ./feedloop patterns%nRemove it with: rm -r %s*%n", file, file, world.project(), file);
            out.flush();
            if (noServe) {
                return 0;
            }
            serve(feedloop, world, out);
            return 0;
        } finally {
            if (noServe) {
                feedloop.close();
            }
        }
    }

    private void report(PrintWriter out, DemoLoop.Outcome outcome, Path work) {
        out.println();
        out.println("Patterns found (the latest week's view; all of them: feedloop patterns):");
        Reports.printTriage(out, outcome.runs().get(outcome.runs().size() - 1));
        out.println();
        out.println("Fix verdicts:");
        Reports.printVerify(out, outcome.verdicts());
        out.println();
        out.println("Against the planted truth" + (this.out != null ? " (" + work.resolve("truth.json") + ")" : "")
                + ":");
        EvalPrinter.print(out, outcome.score());
        out.printf("Demo finished in %.1f s.%n", outcome.elapsed().toMillis() / 1000.0);
    }

    private void serve(Feedloop feedloop, WorldSpec world, PrintWriter out) throws InterruptedException {
        String key = feedloop.keys().create(world.project(), ApiKeyRecord.Scope.ADMIN);
        ApiServer server = feedloop.apiServer(Settings.get(Settings.MAX_BODY_BYTES, System.getenv()))
                .start("127.0.0.1", port);
        out.printf("%nServing the demo at http://127.0.0.1:%d  (admin key for project %s: %s)%n", server.port(),
                world.project(), key);
        out.printf("  Dashboard: open http://127.0.0.1:%d/ and sign in with that key%n", server.port());
        out.printf("  curl -H 'Authorization: Bearer %s' http://127.0.0.1:%d/v1/patterns%n", key, server.port());
        CountDownLatch stopped = ServeCommand.closeOnShutdown(server, feedloop);
        out.println("Ctrl-C stops it.");
        out.flush();
        stopped.await();
    }
}

package dev.feedloop.cli;

import dev.feedloop.Feedloop;
import dev.feedloop.demo.WorldSpec;
import dev.feedloop.eval.DemoLoop;
import dev.feedloop.store.ApiKeyRecord;
import dev.feedloop.web.ApiServer;
import dev.feedloop.web.Metrics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The whole loop on a simulated product, in one command. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole loop on a simulated LLM product with known failure patterns:",
            "simulate six weeks of traffic, import it, triage it week by week, record the fixes the",
            "simulated team shipped, verify them, and score the result against the planted truth.",
            "Then serves the API on the demo database (--no-serve exits after the report)."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "PATH", description = "Database file (default: a fresh temporary one).")
    Path db;

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
        PrintWriter err = spec.commandLine().getErr();
        Path work = Files.createTempDirectory("feedloop-demo-");
        Path file = db != null ? db : work.resolve("feedloop.db");
        WorldSpec world = new WorldSpec(seed, WorldSpec.DEFAULT_START, days, perDay, WorldSpec.DEFAULT_PROJECT,
                WorldSpec.DEFAULT_NOISE_RATE);
        DbOption option = new DbOption();
        option.db = file.toString();
        Feedloop feedloop = option.open();
        try {
            out.println("Feedloop demo: database " + file + ", simulated files in " + work);
            out.flush();
            DemoLoop.Outcome outcome = new DemoLoop(out).run(feedloop, world, work,
                    new TriageCommand.ConsoleListener(err, System.console() != null));
            out.println();
            out.println("Patterns found (last week's view is in 'feedloop patterns --db " + file + " --project "
                    + world.project() + "'):");
            Reports.printTriage(out, outcome.runs().get(outcome.runs().size() - 1));
            out.println();
            out.println("Fix verdicts:");
            Reports.printVerify(out, outcome.verdicts());
            out.println();
            out.println("Against the planted truth (" + work.resolve("truth.json") + "):");
            EvalPrinter.print(out, outcome.score());
            out.printf("Demo finished in %.1f s.%n", outcome.elapsed().toMillis() / 1000.0);
            out.flush();
            if (noServe) {
                return 0;
            }
            String key = feedloop.keys().create(world.project(), ApiKeyRecord.Scope.ADMIN);
            ApiServer server = new ApiServer(feedloop.ingestor(), feedloop.store(), feedloop.keys(), new Metrics(),
                    1 << 20).start("127.0.0.1", port);
            out.printf("%nServing the demo at http://127.0.0.1:%d  (admin key for project %s: %s)%n", server.port(),
                    world.project(), key);
            out.printf("  curl -H 'Authorization: Bearer %s' http://127.0.0.1:%d/v1/responses/<request_id>%n", key,
                    server.port());
            out.println("Ctrl-C stops it.");
            out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                feedloop.close();
                stop.countDown();
            }));
            stop.await();
            return 0;
        } finally {
            if (noServe) {
                feedloop.close();
            }
        }
    }
}

package dev.feedloop.cli;

import dev.feedloop.config.ConfigException;
import dev.feedloop.config.Settings;
import dev.feedloop.store.StoreException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code feedloop} command line. */
@Command(name = "feedloop", mixinStandardHelpOptions = true, version = "feedloop 0.1.0",
        description = {"Turns what real users do with LLM output into verified improvements.",
            "",
            "Start with:  feedloop demo            (the whole loop on a simulated product)",
            "Then:        feedloop serve           (HTTP API on 127.0.0.1:8080)",
            "Each command has --help."},
        subcommands = {ServeCommand.class, ImportCommand.class, KeysCommand.class, TriageCommand.class,
            FixCommand.class, VerifyCommand.class, PatternsCommand.class, DemoCommand.class, EvalCommand.class, SimulateCommand.class,
            ClusterCommand.class, RouteCommand.class, ReportCommand.class, MigrateCommand.class,
            RetentionCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.getSubcommands().get("serve").getCommandSpec().usageMessage().footer(Settings.helpFooter());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            // the sentence is for the user; the cause, for whoever runs with FEEDLOOP_LOG_LEVEL=DEBUG
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("{} failed", line.getCommandName(), e);
            line.getErr().println("feedloop: " + userMessage(e));
            return 1;
        });
        return cli.execute(args);
    }

    /** Errors a user can meet become a sentence; anything else names its type so it can be reported. */
    static String userMessage(Exception e) {
        if (e instanceof ConfigException || e instanceof StoreException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException || e instanceof UncheckedIOException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage()
                + " (unexpected; run with FEEDLOOP_LOG_LEVEL=DEBUG and report it)";
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

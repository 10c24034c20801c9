package dev.feedloop.cli;

import dev.feedloop.Feedloop;
import dev.feedloop.store.ApiKeyRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** API key management. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage API keys.",
        subcommands = KeysCommand.Create.class)
final class KeysCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create an API key and print it once; only its hash is stored.",
                "Scopes: ingest (POST records only, for applications) or admin (read and write)."})
    static final class Create implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Option(names = "--project", defaultValue = "default", description = "Project the key belongs to (default: ${DEFAULT-VALUE}).")
        String project;

        @Option(names = "--scope", required = true, description = "ingest or admin.")
        String scope;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ApiKeyRecord.Scope parsed = ApiKeyRecord.Scope.fromWire(scope);
            try (Feedloop feedloop = db.open()) {
                String key = feedloop.keys().create(project, parsed);
                spec.commandLine().getOut().println(key);
                spec.commandLine().getErr().println("Created an " + parsed.wire() + " key for project '" + project
                        + "'. Store it now: it cannot be shown again.");
            }
            return 0;
        }
    }
}

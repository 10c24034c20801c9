package dev.feedloop.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedloop.Feedloop;
import dev.feedloop.store.ApiKeyRecord;
import dev.feedloop.web.ApiKeys;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** API key management. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Manage API keys. A key reads fl_<id>_<secret>; only its secret's hash is kept.",
            "Examples:  feedloop keys create --project default --scope ingest",
            "           feedloop keys list                (the default project's keys)",
            "           feedloop keys list --all",
            "           feedloop keys revoke 3f9a0c1b2d4e   (an id that 'keys list' shows)"},
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
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

        /** The project the key belongs to. */
        @Mixin
        ProjectOption projectOption;

        @Option(names = "--scope", required = true, description = "ingest or admin.")
        String scope;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ApiKeyRecord.Scope parsed = ApiKeyRecord.Scope.fromWire(scope);
            String project = projectOption.project();
            try (Feedloop feedloop = db.openOrCreate()) {
                String key = feedloop.keys().create(project, parsed);
                spec.commandLine().getOut().println(key);
                spec.commandLine().getErr().println("Created an " + parsed.wire() + " key for project '" + project
                        + "'. Store it now: it cannot be shown again.");
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List API keys: id, project, scope, when created and, if revoked, when.",
                "Secrets cannot be shown: only their hashes are stored. A key's id is the",
                "<id> of fl_<id>_<secret>, what 'feedloop keys revoke' takes.",
                "FEEDLOOP_API_KEY is not stored, so it is never listed."})
    static final class ListKeys implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Mixin
        DbOption db;

        @Mixin
        ProjectOption projectOption;

        @Option(names = "--all", description = "List the keys of every project instead.")
        boolean all;

        @Mixin
        JsonOption json;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (all && projectOption.project != null) {
                throw new IllegalArgumentException("--all lists the keys of every project; leave out --project,"
                        + " or leave out --all to list one project's");
            }
            String project = all ? null : projectOption.project();
            List<ApiKeyRecord> keys;
            try (Feedloop feedloop = db.open()) {
                keys = feedloop.store().keys(all ? null : project);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json.write(out, () -> tree(keys))) {
                return 0;
            }
            if (keys.isEmpty()) {
                out.println((all ? "No API keys yet" : "No API keys for project '" + project + "'")
                        + "; create one with: feedloop keys create --project " + (all ? "default" : project)
                        + " --scope ingest");
            } else {
                table(out, keys);
            }
            return 0;
        }

        private static void table(PrintWriter out, List<ApiKeyRecord> keys) {
            Table table = new Table("", "id", "project", "scope", "created", "revoked");
            for (ApiKeyRecord k : keys) {
                table.row(k.keyId(), k.project(), k.scope().wire(), time(k.createdAt()),
                        k.revoked() ? time(k.revokedAt()) : "-");
            }
            table.print(out);
        }

        private static ArrayNode tree(List<ApiKeyRecord> keys) {
            ArrayNode list = JSON.createArrayNode();
            for (ApiKeyRecord k : keys) {
                ObjectNode node = list.addObject();
                node.put("id", k.keyId());
                node.put("project", k.project());
                node.put("scope", k.scope().wire());
                node.put("created_at", k.createdAt().toString());
                if (k.revoked()) {
                    node.put("revoked_at", k.revokedAt().toString());
                } else {
                    node.putNull("revoked_at");
                }
            }
            return list;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke an API key: requests with it are refused from now on.",
                "A running 'feedloop serve' on the same database refuses it within 50 ms.",
                "The key stays listed, marked revoked; it cannot be restored: create a new one.",
                "ID is the key's id as 'feedloop keys list' shows it, the <id> of",
                "fl_<id>_<secret>; the whole key works too.",
                "FEEDLOOP_API_KEY is not stored: to stop it, restart the server without it."})
    static final class Revoke implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Parameters(index = "0", paramLabel = "ID", description = "The key's id, or the whole key.")
        String key;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String id = ApiKeys.keyId(key); // a mistyped id is refused before any database is opened
            ApiKeys.Revocation done;
            try (Feedloop feedloop = db.open()) {
                done = feedloop.keys().revoke(id).orElseThrow(() -> new IllegalArgumentException(
                        "no API key has the id '" + id + "'; see the ids with: feedloop keys list --all"));
            }
            ApiKeyRecord k = done.key();
            String which = "key " + k.keyId() + " (" + k.scope().wire() + ", project '" + k.project() + "')";
            spec.commandLine().getOut().println(done.earlier()
                    ? "The " + which + " was already revoked at " + time(k.revokedAt()) + "; nothing changed."
                    : "Revoked the " + which + ". Servers on this database refuse it from now on.");
            return 0;
        }
    }

    /** To the second: the listing's times need no more. */
    static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}

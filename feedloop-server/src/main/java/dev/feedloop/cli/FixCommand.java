package dev.feedloop.cli;

import dev.feedloop.Feedloop;
import dev.feedloop.store.FixRecord;
import dev.feedloop.verify.VerifyConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Fix management. */
@Command(name = "fix", mixinStandardHelpOptions = true, description = "Record fixes shipped for patterns.",
        subcommands = FixCommand.Add.class)
final class FixCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Record a fix for a pattern; prints the fix id.",
                "With --prompt-version, the fix can be judged as a canary while that version runs beside the old one.",
                "Example: feedloop fix add --pattern P-3 --deployed-at 2026-11-20T10:00:00Z --prompt-version support-v4"})
    static final class Add extends ProjectCommand {

        @Option(names = "--pattern", required = true, description = "Pattern id, e.g. P-3.")
        String pattern;

        @Option(names = "--deployed-at", required = true, description = "When the fix went live (date or ISO-8601 time).")
        String deployedAt;

        @Option(names = "--prompt-version", description = "The prompt version that carries the fix.")
        String promptVersion;

        @Option(names = "--note", description = "What was changed.")
        String note;

        @Override
        public Integer call() {
            try (Feedloop feedloop = db.open()) {
                FixRecord fix = feedloop.verifier(VerifyConfig.DEFAULT).addFix(project(), pattern,
                        TimeArgs.instant(deployedAt, "--deployed-at"), promptVersion, note, Actors.commandLine());
                out().println(fix.fixId());
            }
            return 0;
        }
    }
}

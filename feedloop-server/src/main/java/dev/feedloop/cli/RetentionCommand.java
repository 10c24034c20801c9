package dev.feedloop.cli;

import dev.feedloop.Feedloop;
import dev.feedloop.config.Settings;
import dev.feedloop.jobs.TextRetention;
import dev.feedloop.store.RetentionStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Drops raw text older than the retention period now, as `serve` does once a day. */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = {"Drop the raw text (input, output, retrieved text, edits, comments) of responses older than",
            "--days (default $FEEDLOOP_RETAIN_TEXT_DAYS), keeping every row, flag and count that verification reads.",
            "Without --apply, prints how many responses are older and changes nothing.",
            "With --apply, goes through every older row (also those imported late with old times)."})
final class RetentionCommand implements Callable<Integer> {
    @Mixin
    DbOption db;

    @Option(names = "--days", paramLabel = "N", description = "Days of text to keep (1-36500).")
    Integer days;

    @Option(names = "--apply", description = "Drop the text; without it nothing changes.")
    boolean apply;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        int keep = days != null ? days : Settings.get(Settings.RETAIN_TEXT_DAYS, System.getenv());
        if (keep < 1 || keep > 36_500) {
            throw new IllegalArgumentException(days == null
                    ? "give --days N or set FEEDLOOP_RETAIN_TEXT_DAYS: how many days of text to keep"
                    : "--days must be between 1 and 36500, got " + keep);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Feedloop feedloop = db.open()) {
            TextRetention retention = feedloop.textRetention(keep);
            Instant cutoff = retention.cutoff();
            if (!apply) {
                for (String project : feedloop.store().projects()) {
                    out.printf("%s: %,d responses before %s; their text would be dropped%n", project,
                            feedloop.store().countResponses(project, Instant.EPOCH, cutoff, null), cutoff);
                }
                out.println("Nothing changed; run with --apply to drop it.");
                return 0;
            }
            RetentionStore.Dropped dropped = retention.run(true);
            out.printf("Dropped the text of %,d responses and %,d feedback events before %s.%n", dropped.responses(),
                    dropped.feedback(), cutoff);
        }
        return 0;
    }
}

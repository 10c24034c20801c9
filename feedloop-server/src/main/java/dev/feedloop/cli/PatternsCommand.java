package dev.feedloop.cli;

import dev.feedloop.Feedloop;
import dev.feedloop.store.JsonText;
import dev.feedloop.store.PatternEvent;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.UnknownPatternException;
import dev.feedloop.triage.PatternEditor;
import dev.feedloop.triage.PatternJson;
import dev.feedloop.triage.TriageConfig;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Reading and correcting patterns: the human in the loop. Corrections stick across triage runs. */
@Command(name = "patterns", mixinStandardHelpOptions = true,
        description = {"List failure patterns, or correct them (corrections stick in later triage runs).",
            "Examples:  feedloop patterns",
            "           feedloop patterns show P-3",
            "           feedloop patterns rename P-3 \"Refund policy answers are outdated\"",
            "           feedloop patterns merge P-7 P-3     (P-7 joins P-3)",
            "           feedloop patterns dismiss P-9",
            "           feedloop patterns cause P-3 retrieval",
            "           feedloop patterns define --name \"Date maths\" --example \"what day is 90 days from now\"",
            "           feedloop patterns export P-3 --format promptfoo --out p3-tests.json"},
        subcommands = {PatternsCommand.Show.class, PatternsCommand.Rename.class, PatternsCommand.Merge.class,
            PatternsCommand.Dismiss.class, PatternsCommand.CauseCmd.class, PatternsCommand.Define.class,
            PatternsCommand.Export.class})
final class PatternsCommand extends ProjectCommand {

    @Override
    public Integer call() {
        try (Feedloop feedloop = db.open()) {
            PrintWriter out = out();
            String project = project();
            List<PatternRecord> patterns = feedloop.store().patterns(project);
            if (patterns.isEmpty()) {
                out.println(Reports.nothingIn(feedloop.store(), project, "No patterns yet")
                        + ". Find them with: feedloop triage --week YYYY-Www");
                return 0;
            }
            Table table = new Table("", "id", "name", "cause", "status", ">members", "last seen", "ticket", "view");
            java.util.Map<String, dev.feedloop.store.TicketRecord> tickets = new java.util.HashMap<>();
            feedloop.store().tickets(project).forEach(t -> tickets.put(t.patternId(), t));
            for (PatternRecord p : patterns) {
                dev.feedloop.store.TicketRecord t = tickets.get(p.patternId());
                table.row(p.patternId(), Reports.clip(p.name(), 44),
                        p.effectiveCause() + (p.causeOverride() != null ? "*" : ""),
                        p.status() + (p.mergedInto() != null ? " into " + p.mergedInto() : ""), p.memberCount(),
                        p.lastSeen() == null ? "-" : p.lastSeen().toString().substring(0, 10),
                        t == null ? "-" : t.key() == null ? "pending" : t.url() != null ? t.url() : t.key(), p.view());
            }
            table.print(out);
            if (patterns.stream().anyMatch(p -> p.causeOverride() != null)) {
                out.println("* cause set by a reviewer");
            }
        }
        return 0;
    }

    abstract static class Edit extends ProjectCommand {

        @Override
        public Integer call() {
            try (Feedloop feedloop = db.open()) {
                String line = apply(feedloop, feedloop.patternEditor(Actors.commandLine()));
                out().println(line);
            }
            return 0;
        }

        abstract String apply(Feedloop feedloop, PatternEditor editor);
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A pattern with its evidence, fixes and history.")
    static final class Show extends ProjectCommand {

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--json", description = "Print the pattern as JSON (docs/json.md), evidence included.")
        boolean json;

        @Override
        public Integer call() {
            try (Feedloop feedloop = db.open()) {
                PrintWriter out = out();
                PatternRecord p = feedloop.store().pattern(project(), id).orElseThrow(() ->
                        new UnknownPatternException(project(), id));
                if (json) {
                    out.println(PatternJson.putTicket(PatternJson.full(feedloop.store(), p),
                            feedloop.store().ticket(project(), id)).toPrettyString());
                    return 0;
                }
                out.printf("%s  %s%n", p.patternId(), p.name());
                out.printf("status: %s%s   cause: %s (confidence %.2f)%s%n", p.status(),
                        p.mergedInto() == null ? "" : " into " + p.mergedInto(), p.effectiveCause(),
                        p.causeConfidence(), p.causeOverride() != null ? ", set by a reviewer" : "");
                out.println("keywords: " + String.join(", ", p.keywords()));
                out.println(p.description());
                feedloop.store().ticket(project(), id).ifPresent(t -> out.printf("ticket: %s %s%s (%s)%n", t.tracker(),
                        t.key() == null ? "(not created yet)" : t.key(), t.url() == null ? "" : " " + t.url(), t.state()));
                out.println("evidence:");
                Evidence.print(out, JsonText.read(p.evidenceJson()), "  ");
                feedloop.store().fixes(project(), id).forEach(f -> out.printf("fix %s deployed %s%s: %s%n", f.fixId(),
                        f.deployedAt(), f.promptVersion() == null ? "" : " in " + f.promptVersion(),
                        f.lastVerdict() == null ? "not verified yet" : f.lastVerdict()));
                for (PatternEvent e : feedloop.store().patternEvents(project(), id)) {
                    out.printf("  %s  %-16s %s%n", e.at(), e.kind(), e.detail());
                }
            }
            return 0;
        }
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Give a pattern a name that triage keeps.")
    static final class Rename extends Edit {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        String apply(Feedloop feedloop, PatternEditor editor) {
            return "renamed " + editor.rename(project(), id, name).patternId();
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true, description = "Merge pattern FROM into pattern INTO.")
    static final class Merge extends Edit {
        @Parameters(index = "0", paramLabel = "FROM")
        String from;

        @Parameters(index = "1", paramLabel = "INTO")
        String into;

        @Override
        String apply(Feedloop feedloop, PatternEditor editor) {
            editor.merge(project(), from, into);
            return "merged " + from + " into " + into;
        }
    }

    @Command(name = "dismiss", mixinStandardHelpOptions = true, description = "Stop reporting a pattern (not a real failure).")
    static final class Dismiss extends Edit {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        String apply(Feedloop feedloop, PatternEditor editor) {
            return "dismissed " + editor.dismiss(project(), id).patternId();
        }
    }

    @Command(name = "cause", mixinStandardHelpOptions = true,
            description = "Override a pattern's cause: prompt, retrieval, model_limitation or unknown.")
    static final class CauseCmd extends Edit {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "CAUSE")
        String cause;

        @Override
        String apply(Feedloop feedloop, PatternEditor editor) {
            return id + " cause set to " + editor.overrideCause(project(), id, cause).causeOverride();
        }
    }

    @Command(name = "define", mixinStandardHelpOptions = true,
            description = "Define a pattern by hand from example user inputs; triage fills it.")
    static final class Define extends Edit {
        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--example", required = true, description = "An example user input (repeat for more).")
        List<String> examples;

        @Override
        String apply(Feedloop feedloop, PatternEditor editor) {
            return "defined " + editor.define(project(), name, examples, PatternEditor.inputOnly(TriageConfig.DEFAULT))
                    .patternId();
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"A pattern's failing cases as a regression set (redacted): input, context doc ids, the failed",
                "output, the user's edit as the reference answer where they edited it, and what the user did."})
    static final class Export extends ProjectCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--format", description = "jsonl (default), csv, or promptfoo (a JSON array of promptfoo test"
                + " cases: vars, assert).")
        String format = "jsonl";

        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        java.nio.file.Path outFile;

        @Override
        public Integer call() throws Exception {
            dev.feedloop.routing.RegressionSet.Format f = dev.feedloop.routing.RegressionSet.Format.of(format);
            try (Feedloop feedloop = db.open()) {
                feedloop.store().pattern(project(), id).orElseThrow(() -> new UnknownPatternException(project(), id));
                dev.feedloop.routing.RegressionSet set = new dev.feedloop.routing.RegressionSet(feedloop.store(),
                        feedloop.store(), dev.feedloop.triage.redact.Redactor.standard());
                List<dev.feedloop.routing.RegressionSet.Case> cases = set.cases(project(), id);
                String text = set.write(cases, f);
                if (outFile == null) {
                    out().print(text);
                    out().flush();
                } else {
                    java.nio.file.Files.writeString(outFile, text);
                    err().printf("%d cases of %s (%d with the user's edit as reference) written to %s%n", cases.size(),
                            id, cases.stream().filter(c -> c.reference() != null).count(), outFile);
                }
            }
            return 0;
        }
    }
}

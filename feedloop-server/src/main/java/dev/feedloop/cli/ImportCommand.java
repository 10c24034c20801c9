package dev.feedloop.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedloop.Feedloop;
import dev.feedloop.capture.FileImporter;
import dev.feedloop.capture.Rejection;
import dev.feedloop.web.Views;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Bulk load of JSONL and CSV files. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import responses and feedback from JSONL or CSV files (docs/records.md).",
            "JSONL: one object a line with \"type\": response, feedback or event.",
            "CSV (.csv): a header row of the same field names; retrieved_context and tags hold JSON.",
            "Invalid lines are reported with their line numbers and skipped; valid ones are stored.",
            "Re-running an import is safe: stored records come back as duplicates.",
            "Exit code: 0 when every line was stored or a duplicate, 3 when some lines were rejected."})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    DbOption db;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "JSONL or CSV files.")
    List<Path> files;

    @Option(names = "--json", description = "Print the summary as JSON on stdout.")
    boolean json;

    /** The project of records that name none, e.g. feedback lines. */
    @picocli.CommandLine.Mixin
    ProjectOption projectOption;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        files.forEach(FileImporter::check);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, System.console() != null);
        List<FileImporter.Summary> summaries = new ArrayList<>();
        try (Feedloop feedloop = db.openOrCreate()) {
            FileImporter importer = new FileImporter(feedloop.ingestor(), projectOption.project());
            for (Path file : files) {
                summaries.add(importer.importFile(file, (f, read, total, lines) ->
                        bar.show(f.getFileName() + ": " + String.format("%,d", lines) + " lines", read, total)));
                bar.done();
            }
        }
        if (json) {
            out.println(toJson(summaries));
        } else {
            summaries.forEach(s -> print(out, s));
        }
        return summaries.stream().anyMatch(s -> s.rejected() > 0) ? 3 : 0;
    }

    private static void print(PrintWriter out, FileImporter.Summary s) {
        out.printf("%s: %,d lines: stored %,d, duplicates %,d, rejected %,d%s%n", s.file(), s.lines(), s.stored(),
                s.duplicates(), s.rejected(), s.note() == null ? "" : " (" + s.note() + ")");
        for (Rejection r : s.firstRejections()) {
            out.printf("  line %d: %s%s%n", r.index(), r.field() == null ? "" : r.field() + ": ", r.message());
        }
        if (s.rejected() > s.firstRejections().size()) {
            out.printf("  ... and %,d more rejected lines%n", s.rejected() - s.firstRejections().size());
        }
    }

    private static String toJson(List<FileImporter.Summary> summaries) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode list = mapper.createArrayNode();
        for (FileImporter.Summary s : summaries) {
            ObjectNode node = list.addObject();
            node.put("file", s.file().toString());
            node.put("lines", s.lines());
            node.put("stored", s.stored());
            node.put("duplicates", s.duplicates());
            node.put("rejected", s.rejected());
            node.put("note", s.note());
            node.set("first_rejections", Views.rejections(mapper, s.firstRejections(), "line"));
        }
        return list.toString();
    }
}

package dev.feedloop.bench.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** A labelled text set under the shared data folder (never copied into the repository). */
record Dataset(String name, Path file, String textColumn, String labelColumn) {

    static final Path DATA = Path.of(System.getProperty("feedloop.data", "/work/shared/data"));

    static List<Dataset> all() {
        return List.of(
                new Dataset("banking77", DATA.resolve("banking77/test.csv"), "text", "category"),
                new Dataset("hwu64", DATA.resolve("hwu64/hwu64.csv"), "text", "label"),
                new Dataset("stackoverflow20", DATA.resolve("stackoverflow20/stackoverflow20.csv"), "text", "label"),
                new Dataset("banking77-train", DATA.resolve("banking77/train.csv"), "text", "category"));
    }

    static Dataset byName(String name) {
        return all().stream().filter(d -> d.name.equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown data set " + name + "; known: "
                        + all().stream().map(Dataset::name).toList()));
    }

    /** Texts and integer labels. */
    Loaded load() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("data file missing: " + file);
        }
        List<String[]> cols = Csv.columns(file, textColumn, labelColumn);
        return new Loaded(Arrays.asList(cols.get(0)), Csv.encode(cols.get(1)), cols.get(1));
    }

    record Loaded(List<String> texts, int[] labels, String[] labelNames) {
        int classes() {
            return (int) Arrays.stream(labels).distinct().count();
        }
    }
}

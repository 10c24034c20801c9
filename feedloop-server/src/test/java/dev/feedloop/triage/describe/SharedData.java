package dev.feedloop.triage.describe;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the shared labelled data sets (banking77, hwu64, ...) for tests: the folder named by
 * the {@code feedloop.data} system property, else the first {@code shared/data} found walking
 * up from the working directory. Tests skip when it is absent; its text is never copied into
 * the repository.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Optional<Path> dir() {
        String configured = System.getProperty("feedloop.data");
        if (configured != null) {
            Path p = Path.of(configured);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Rows of a CSV file (RFC 4180: quoted fields, doubled quotes, newlines in quotes), header dropped. */
    public static List<List<String>> csv(Path file) throws IOException {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<List<String>> rows = mapper.readerForListOf(String.class).readValues(file.toFile())) {
            List<List<String>> all = rows.readAll();
            return all.isEmpty() ? all : all.subList(1, all.size());
        }
    }
}

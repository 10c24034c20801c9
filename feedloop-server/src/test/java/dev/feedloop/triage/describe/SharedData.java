package dev.feedloop.triage.describe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** Rows of an RFC 4180 CSV file (quoted fields, doubled quotes, newlines in quotes), header dropped. */
    public static List<List<String>> csv(Path file) throws IOException {
        String all = Files.readString(file, StandardCharsets.UTF_8);
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < all.length(); i++) {
            char c = all.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < all.length() && all.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < all.length() && all.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows.isEmpty() ? rows : rows.subList(1, rows.size());
    }
}

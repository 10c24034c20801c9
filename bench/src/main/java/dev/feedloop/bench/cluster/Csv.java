package dev.feedloop.bench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Minimal RFC 4180 reader for the labelled data sets: quoted fields, doubled quotes, newlines in quotes. */
final class Csv {
    private Csv() {
    }

    /** Reads the named columns of a CSV file with a header row; returns one String[] per column. */
    static List<String[]> columns(Path file, String... names) throws IOException {
        List<List<String>> rows = parse(Files.readString(file, StandardCharsets.UTF_8));
        List<String> header = rows.get(0);
        int[] idx = new int[names.length];
        for (int k = 0; k < names.length; k++) {
            idx[k] = header.indexOf(names[k]);
            if (idx[k] < 0) {
                throw new IllegalArgumentException("column '" + names[k] + "' not in " + header + " of " + file);
            }
        }
        List<String[]> cols = new ArrayList<>();
        for (int k = 0; k < names.length; k++) {
            String[] col = new String[rows.size() - 1];
            for (int r = 1; r < rows.size(); r++) {
                col[r - 1] = rows.get(r).get(idx[k]);
            }
            cols.add(col);
        }
        return cols;
    }

    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
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
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
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
        rows.removeIf(r -> r.size() == 1 && r.get(0).isEmpty());
        return rows;
    }

    /** Maps label strings to dense ints in order of first appearance. */
    static int[] encode(String[] labels) {
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        return Arrays.stream(labels).mapToInt(l -> ids.computeIfAbsent(l, k -> ids.size())).toArray();
    }
}

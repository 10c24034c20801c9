package dev.feedloop.bench.cluster;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Named columns of the labelled data sets' CSV files (quoted fields, doubled quotes, newlines in quotes). */
final class Csv {
    private Csv() {
    }

    /** Reads the named columns of a CSV file with a header row; returns one String[] per column. */
    static List<String[]> columns(Path file, String... names) throws IOException {
        List<List<String>> rows = parse(file);
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

    /** Every row, header included (RFC 4180, by jackson-dataformat-csv as the importer uses it). */
    static List<List<String>> parse(Path file) throws IOException {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<List<String>> rows = mapper.readerForListOf(String.class).readValues(file.toFile())) {
            return rows.readAll();
        }
    }

    static int[] encode(String[] labels) {
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        return Arrays.stream(labels).mapToInt(l -> ids.computeIfAbsent(l, k -> ids.size())).toArray();
    }
}

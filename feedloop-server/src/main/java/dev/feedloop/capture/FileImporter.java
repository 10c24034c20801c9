package dev.feedloop.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Streams JSONL and CSV files (docs/records.md) into the store in chunks, in constant memory: each
 * chunk is one durable write, so an interrupted import can simply be run again (records already
 * stored come back as duplicates).
 */
public final class FileImporter {
    /** Receives progress: bytes read so far of the file's total. */
    public interface Progress {
        void update(Path file, long bytesRead, long totalBytes, long lines);
    }

    /** How many rejected lines a summary keeps, with reasons; the count covers all of them. */
    public static final int KEPT_REJECTIONS = 20;
    private static final Set<String> NUMERIC = Set.of("explicit_rating");
    private static final Set<String> JSON_COLUMNS = Set.of("retrieved_context", "tags");

    private final Ingestor ingestor;
    private final String defaultProject;
    /** Two objects on one line are an error, not the first of them stored and the second dropped. */
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public FileImporter(Ingestor ingestor) {
        this(ingestor, "default");
    }

    /**
     * @param defaultProject the project of records that name none (feedback rarely does: it
     *                       belongs to its response's project)
     * @throws IllegalArgumentException for an invalid project name
     */
    public FileImporter(Ingestor ingestor, String defaultProject) {
        if (!RecordParser.isValidProject(defaultProject)) {
            throw new IllegalArgumentException("invalid project name '" + defaultProject + "'");
        }
        this.ingestor = ingestor;
        this.defaultProject = defaultProject;
    }

    /** The outcome of one file. */
    public record Summary(Path file, long lines, long stored, long duplicates, long rejected, List<Rejection> firstRejections) {
    }

    /**
     * Imports one file, by its extension: {@code .csv} is CSV with a header row, anything else JSONL.
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    public Summary importFile(Path file, Progress progress) {
        long total;
        try {
            total = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Tally tally = new Tally(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                CountingStream in = new CountingStream(raw)) {
            skipByteOrderMark(raw);
            Runnable tick = () -> progress.update(file, in.count, total, tally.lines);
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                readCsv(in, tally, tick);
            } else {
                readJsonl(in, tally, tick);
            }
            tally.flush();
            tick.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return tally.summary();
    }

    /** Excel's "CSV UTF-8" export starts with a byte-order mark, which would otherwise open the first field name. */
    private static void skipByteOrderMark(InputStream in) throws IOException {
        in.mark(3);
        byte[] head = in.readNBytes(3);
        if (head.length < 3 || (head[0] & 0xff) != 0xEF || (head[1] & 0xff) != 0xBB || (head[2] & 0xff) != 0xBF) {
            in.reset();
        }
    }

    private void readJsonl(InputStream in, Tally tally, Runnable tick) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String line;
        long number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            tally.lines = number;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (JsonProcessingException e) {
                tally.reject(new Rejection(number, "malformed_json", null, "not valid JSON: " + e.getOriginalMessage()));
                continue;
            }
            tally.add(number, node, tick);
        }
    }

    private void readCsv(InputStream in, Tally tally, Runnable tick) throws IOException {
        CsvMapper csv = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> rows = csv.readerForMapOf(String.class).with(schema)
                .readValues(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            long lastFailure = -1;
            while (true) {
                Map<String, String> row;
                long number = tally.lines + 1;
                try {
                    if (!rows.hasNextValue()) {
                        break;
                    }
                    // a row's first token is located on the line before it, where that line's break is
                    number = rows.getParser().currentTokenLocation().getLineNr() + 1;
                    row = rows.nextValue();
                } catch (IOException | RuntimeException e) {
                    String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                    tally.reject(new Rejection(number, "malformed_csv", null, "not a valid CSV row: " + reason));
                    tally.lines = number;
                    // the parser resumes at the next row (a row with too many cells); stop only when stuck
                    long at = rows.getCurrentLocation() == null ? -1 : rows.getCurrentLocation().getCharOffset();
                    if (at <= lastFailure) {
                        break;
                    }
                    lastFailure = at;
                    continue;
                }
                tally.lines = number;
                if (row.values().stream().allMatch(v -> v == null || v.isEmpty())) {
                    continue; // a blank line, skipped as in JSONL
                }
                try {
                    tally.add(number, csvRow(row), tick);
                } catch (InvalidFieldException e) {
                    tally.reject(new Rejection(number, "invalid_field", e.field(), e.getMessage()));
                }
            }
        }
    }

    /** CSV cells are strings: numbers and JSON columns are converted, empty cells mean absent. */
    private ObjectNode csvRow(Map<String, String> row) {
        ObjectNode node = json.createObjectNode();
        for (Map.Entry<String, String> cell : row.entrySet()) {
            String name = cell.getKey().trim();
            String value = cell.getValue();
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (NUMERIC.contains(name) || (name.equals("timestamp") && value.matches("-?\\d+(\\.\\d+)?"))) {
                try {
                    node.set(name, json.readTree(value.trim()));
                } catch (JsonProcessingException e) {
                    node.put(name, value);
                }
            } else if (JSON_COLUMNS.contains(name)) {
                try {
                    node.set(name, json.readTree(value));
                } catch (JsonProcessingException e) {
                    throw new InvalidFieldException(name, name + " must be JSON in a CSV cell: " + e.getOriginalMessage());
                }
            } else {
                node.put(name, value);
            }
        }
        return node;
    }

    /** Infers the kind of an untyped item from its fields (files without a "type" column). */
    static RecordKind kindOf(JsonNode node) {
        JsonNode type = node.get("type");
        if (type != null && !type.isNull()) {
            return RecordKind.fromWire(type.asText()).orElseThrow(() -> new InvalidFieldException("type",
                    "type must be response, feedback or event; got '" + type.asText() + "'"));
        }
        boolean response = node.has("llm_output");
        boolean feedback = node.has("implicit_signal") || node.has("explicit_rating") || node.has("thumbs")
                || node.has("comment");
        if (response && feedback) {
            return RecordKind.EVENT;
        }
        return response ? RecordKind.RESPONSE : RecordKind.FEEDBACK;
    }

    private final class Tally {
        private final Path file;
        private final List<Ingestor.Item> chunk = new ArrayList<>();
        private final List<Rejection> first = new ArrayList<>();
        private long lines;
        private long stored;
        private long duplicates;
        private long rejected;
        private long lastTick;

        Tally(Path file) {
            this.file = file;
        }

        void add(long line, JsonNode node, Runnable tick) {
            RecordKind kind;
            try {
                kind = kindOf(node);
            } catch (InvalidFieldException e) {
                reject(new Rejection(line, "invalid_field", e.field(), e.getMessage()));
                return;
            }
            if (node.isObject() && node.has("type")) {
                ((ObjectNode) node).remove("type");
            }
            chunk.add(new Ingestor.Item(line, kind, node));
            if (chunk.size() >= Ingestor.MAX_ITEMS) {
                flush();
                long now = System.nanoTime();
                if (now - lastTick > 200_000_000L) {
                    tick.run();
                    lastTick = now;
                }
            }
        }

        void reject(Rejection r) {
            rejected++;
            if (first.size() < KEPT_REJECTIONS) {
                first.add(r);
            }
        }

        void flush() {
            if (chunk.isEmpty()) {
                return;
            }
            IngestReport report = ingestor.ingest(chunk, null, defaultProject);
            stored += report.stored();
            duplicates += report.duplicates();
            report.rejected().forEach(this::reject);
            chunk.clear();
        }

        Summary summary() {
            List<Rejection> sorted = new ArrayList<>(first);
            sorted.sort(java.util.Comparator.comparingLong(Rejection::index));
            return new Summary(file, lines, stored, duplicates, rejected, sorted);
        }
    }

    private static final class CountingStream extends FilterInputStream {
        private volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
